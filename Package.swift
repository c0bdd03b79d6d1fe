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
        // Structured logging to stderr (journald-friendly); the server-side Swift standard.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Graceful SIGTERM shutdown of the daemon's services, and SIGHUP as an async sequence.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // HTTP fetching with streamed bodies, byte caps, decompression limits and redirect control.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The server-side metrics API (counters, gauges, timers) the daemon records into, with no global bootstrap.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // Prometheus text exposition of those metrics for `/metrics` (a per-daemon collector registry).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in the graph through async-http-client; named so the tests can run a loopback HTTP server.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // SQLite in WAL mode with migrations and transactions: the embedded store.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // PostgreSQL wire protocol for the shared-database backend (`database = "postgres://…"`), so
        // many workers on many machines share one state; NIO, NIOSSL and swift-log are already here.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already in the graph through async-http-client and postgres-nio: TLS to the database server.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The config file format (TOML 1.0, via toml++), with line numbers in parse errors.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
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
        // The only module that knows SQL: feeds, entries, tombstones, fetch history, articles, stories.
        .target(name: "Storage", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The same storage protocol on a PostgreSQL server shared by many workers: leases with
        // SKIP LOCKED, the clusterer role as an advisory lock, shared per-host politeness.
        .target(
            name: "PostgresStorage",
            dependencies: [
                "Storage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The config file: TOML, includes, every value checked and bounded, errors with file and line.
        // Apart from the Watcher so that it can be fuzzed without building the HTTP stack.
        .target(name: "FeedwatchConfig", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // What servers and feeds ask of the schedule (Retry-After, Cache-Control, <ttl>...), parsed into
        // bounded values, and the poll policy built on them. Pure; fuzzed on its own like the config.
        .target(name: "FetchPolicy"),
        // sd_notify and getaddrinfo in C, so Swift outside LibXML handles no pointers.
        .target(name: "CFeedwatchSystem"),
        // The shell: config, scheduler, HTTP fetching, the pipeline, digest writing, systemd.
        .target(
            name: "Watcher",
            dependencies: [
                "FeedParser", "ArticleExtractor", "TextAnalysis", "StoryClustering", "Digest", "Storage", "PostgresStorage",
                "CFeedwatchSystem", "LibXML",
                "FeedwatchConfig", "FetchPolicy",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The digest's day ledger (DigestDayLedger): a private SQLite file, through the GRDB Storage already uses.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                // The metrics and health listener (metrics_listen); NIO is already there under async-http-client.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedParser", "ArticleExtractor", "TextAnalysis", "StoryClustering", "Digest", "Storage", "PostgresStorage", "Watcher",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `make bench`: feed-parsing throughput over a corpus, beside xmllint and feedparser-rs.
        .executableTarget(name: "FeedBenchmark", dependencies: ["FeedParser"]),
        // scripts/train-ner.sh: trains the entity tagger's weights (TextAnalysis/Resources/entity_tagger.bin)
        // with the same feature extractor as the tagger, and cross-validates it.
        .executableTarget(name: "NERTraining", dependencies: ["TextAnalysis"]),
        // Fuzzing (`make fuzz`, scripts/fuzz.sh): libFuzzer entry points, one per hostile input.
        // Each depends only on the pure module it exercises, so the sanitizer build never
        // compiles the HTTP stack. In a normal build they are executables that do nothing.
        .executableTarget(name: "FuzzFeedXML", dependencies: ["FeedParser"], path: "Sources/Fuzzing/FuzzFeedXML"),
        .executableTarget(name: "FuzzJSONFeed", dependencies: ["FeedParser"], path: "Sources/Fuzzing/FuzzJSONFeed"),
        .executableTarget(name: "FuzzArticle", dependencies: ["ArticleExtractor"], path: "Sources/Fuzzing/FuzzArticle"),
        .executableTarget(name: "FuzzAnalysis", dependencies: ["TextAnalysis"], path: "Sources/Fuzzing/FuzzAnalysis"),
        .executableTarget(name: "FuzzClusterInput", dependencies: ["StoryClustering"], path: "Sources/Fuzzing/FuzzClusterInput"),
        .executableTarget(name: "FuzzConfig", dependencies: ["FeedwatchConfig"], path: "Sources/Fuzzing/FuzzConfig"),
        .executableTarget(name: "FuzzHeaders", dependencies: ["FetchPolicy"], path: "Sources/Fuzzing/FuzzHeaders"),
        // End of the fuzzing targets.
        .testTarget(name: "LibXMLTests", dependencies: ["LibXML", "FeedwatchTesting"]),
        .testTarget(name: "FeedParserTests", dependencies: ["FeedParser", "FeedwatchTesting"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ArticleExtractorTests", dependencies: ["ArticleExtractor"]),
        .testTarget(name: "TextAnalysisTests", dependencies: ["TextAnalysis", "FeedwatchTesting"]),
        .testTarget(name: "StoryClusteringTests", dependencies: ["StoryClustering", "FeedwatchTesting"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], exclude: ["Golden"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "PostgresStorage", "FeedwatchTesting"]),
        // Test support shared by test targets (as HummingbirdTesting is): loopback servers that
        // misbehave on purpose, the hostile-web catalogue, a child-process runner, a database check.
        .target(
            name: "FeedwatchTesting",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/FeedwatchTesting"
        ),
        .testTarget(
            name: "WatcherTests",
            dependencies: [
                "Watcher", "Storage", "PostgresStorage", "Digest", "StoryClustering", "FeedwatchConfig", "FetchPolicy", "FeedwatchTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
    ]
)
