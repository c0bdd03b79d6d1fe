// swift-tools-version:6.1
// feedwatch: a news-feed watcher that writes one digest a day.
// Dependencies are kept few and deliberate; each one is justified in the commit that adds it.
import PackageDescription

let package = Package(
    name: "feedwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feedwatch", targets: ["feedwatch"]),
    ],
    dependencies: [
        // The command line: subcommands, typed flags, help text. The standard for Swift CLIs.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libxml2 from the system (Debian: libxml2-dev), through a shim header.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The only module with unsafe pointers: safe XML stream reading and HTML DOM.
        .target(name: "LibXML", dependencies: ["CLibXML2"]),
        // Feed values and the parsers for RSS, RDF, Atom and JSON Feed.
        .target(name: "FeedParser", dependencies: ["LibXML"]),
        // Main text and metadata of an article page.
        .target(name: "ArticleExtractor", dependencies: ["LibXML"]),
        // Sentences, entities, quotes, figures, key sentences.
        .target(name: "TextAnalysis", resources: [.copy("Resources")]),
        // Canonical URLs, near-duplicates and online story clustering.
        .target(name: "StoryClustering", dependencies: ["TextAnalysis"]),
        // The day's digest model and its renderers.
        .target(name: "Digest"),
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedParser", "ArticleExtractor", "TextAnalysis", "StoryClustering", "Digest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench`: feed-parsing throughput over a corpus, beside xmllint and feedparser-rs.
        .executableTarget(name: "FeedBenchmark", dependencies: ["FeedParser"]),
        .testTarget(name: "LibXMLTests", dependencies: ["LibXML"]),
        .testTarget(name: "FeedParserTests", dependencies: ["FeedParser"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ArticleExtractorTests", dependencies: ["ArticleExtractor"]),
        .testTarget(name: "TextAnalysisTests", dependencies: ["TextAnalysis"]),
        .testTarget(name: "StoryClusteringTests", dependencies: ["StoryClustering"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], exclude: ["Golden"]),
    ]
)
