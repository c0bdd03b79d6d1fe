import Foundation
import LibXML

/// The article extractor's entry point: page bytes in, `Article` out. Pure — no network, no
/// disk, no clock — so the daemon calls it on fetched pages and `feedwatch extract` on files.
public enum PageExtractor {
    /// Extracts an article. Never throws: a page that cannot be read at all comes back as an
    /// empty article labelled `.blocked` with a note saying why.
    /// - Parameters:
    ///   - bytes: the page as received (any charset).
    ///   - url: where it was fetched from; used to resolve relative links.
    ///   - httpCharset: the `charset` of the HTTP `Content-Type`, which outranks the page's own.
    ///   - httpStatus: the HTTP status, when known (4xx/5xx pages are labelled `.blocked`).
    ///   - maxBytes: pages longer than this are cut to it (with a note) before parsing.
    public static func extract(_ bytes: [UInt8], url: String? = nil, httpCharset: String? = nil,
                               httpStatus: Int? = nil, maxBytes: Int = HTMLColumns.defaultMaxBytes) -> Article {
        let article = extractKeepingMemory(bytes, url: url, httpCharset: httpCharset, httpStatus: httpStatus, maxBytes: maxBytes)
        // The page's parse and working trees are freed by now: their pages go back to the system
        // (a 15 MiB page leaves a hundred megabytes of freed heap behind).
        if bytes.count >= trimAfterBytes { MemoryRelease.returnFreePages() }
        return article
    }

    /// Pages at least this large are followed by returning freed memory to the system.
    static let trimAfterBytes = 1 << 20

    private static func extractKeepingMemory(_ bytes: [UInt8], url: String?, httpCharset: String?, httpStatus: Int?,
                                             maxBytes: Int) -> Article {
        var notes: [String] = []
        var input = bytes
        if input.count > maxBytes {
            var end = maxBytes
            while end > 0 && (input[end] & 0xC0) == 0x80 { end -= 1 }
            input = Array(input[..<end])
            notes.append("page truncated to \(end) of \(bytes.count) bytes")
        }
        let charset = CharsetChoice.charset(for: input, httpCharset: httpCharset)
        let document: HTMLColumns
        do {
            document = try HTMLColumns.parse(input, encoding: charset, url: url, maxBytes: max(maxBytes, input.count),
                                             scriptText: .dataOnly)
        } catch {
            notes.append("page could not be parsed: \(error)")
            return Article(url: url, status: .blocked, notes: notes, charset: charset)
        }
        // Every budget the page went over is named: the text may be missing what lay past it.
        notes += document.cuts.map { "page cut: \($0)" }
        return extract(document, url: url, httpStatus: httpStatus, notes: notes)
    }

    /// Extracts an article from a parsed page.
    static func extract(_ document: HTMLColumns, url: String?, httpStatus: Int?, notes initialNotes: [String]) -> Article {
        var notes = initialNotes
        var tree = WorkingTree(document)
        let documentTitle = Self.documentTitle(tree)
        let metadata = MetadataReader.read(tree, documentTitle: documentTitle)
        let signals = PageSignals.collect(tree)
        let pristine = tree

        // Preparation: scripts and styles out, <br><br> into paragraphs, <font> into <span>.
        // (Looked up first, from the parse's index; a font inside a removed noscript is
        // renamed to no effect.)
        let body = tree.descendants(of: WorkingTree.root, named: "body").first
        let fonts = tree.descendants(of: WorkingTree.root, named: "font")
        tree.removeAll(named: ["script", "noscript", "style"])
        // Consent banners and dialogs are furniture: out of the tree the story is looked for in
        // (the pristine page keeps them, for the label), so a short story beside one is found.
        for node in signals.consentNodes where tree.isDescendant(node, of: WorkingTree.root)
            && WallDetector.isConsentNotice(tree, node) {
            tree.detach(node)
        }
        if let body, tree.isDescendant(body, of: WorkingTree.root) { tree.replaceBreakRuns(in: body) }
        for font in fonts { tree.setTag(font, "span") }

        let title = metadata.title ?? documentTitle
        var paragraphs: [String] = []
        var visibleByline: String?
        var firstParagraph: String?
        if let result = ContentFinder.find(in: tree, title: title, hasMetadataByline: metadata.byline != nil) {
            var content = result.tree
            BoilerplateFilter.clean(&content, result.content)
            paragraphs = TextRenderer.paragraphs(content, result.content)
            visibleByline = result.byline
            // The first paragraph that is not a byline, a publishing time or a label.
            firstParagraph = content.descendants(of: result.content, named: "p").prefix(ParagraphFurniture.headParagraphs)
                .lazy.map { TextNormalizer.trim(content.textContent($0)) }
                .first { !ParagraphFurniture.isBylineLine($0) && !ParagraphFurniture.isPublishingLine($0)
                    && !BoilerplateFilter.isFurniture($0) }
        }
        // Only a subscription notice says the story was cut; a consent notice says nothing of it.
        let removedNotice = paragraphs.contains { WallDetector.isPaywallNotice($0) }
        paragraphs = BoilerplateFilter.filterParagraphs(paragraphs)

        // JSON-LD articleBody: the page's own statement of the text, for pages whose body is
        // rendered by script or is much shorter than the story.
        if let body = metadata.articleBody {
            let bodyParagraphs = body.split(whereSeparator: \.isNewline).map { TextNormalizer.squash(String($0)) }.filter { !$0.isEmpty }
            let bodyLength = bodyParagraphs.reduce(0) { $0 + $1.count }
            let ourLength = paragraphs.reduce(0) { $0 + $1.count }
            if bodyLength > 2 * max(ourLength, 100) {
                paragraphs = bodyParagraphs
                notes.append("article text taken from the page's JSON-LD articleBody")
            }
        }

        // Bylines, publishing times, a wire dateline and sign-off among the paragraphs, and pull
        // quotes repeating the story's words: furniture the block scoring cannot see.
        let lines = ParagraphFurniture.clean(BoilerplateFilter.droppingRepeatedQuotes(paragraphs))
        paragraphs = lines.paragraphs

        let base = baseURL(pristine, attachedIn: tree, url: url)
        var article = Article(
            url: url,
            canonicalURL: metadata.canonicalURL.flatMap { resolve($0, against: base) },
            title: metadata.title.map(TextNormalizer.squash) ?? (documentTitle.isEmpty ? nil : documentTitle),
            byline: (metadata.byline ?? visibleByline ?? lines.byline).map(TextNormalizer.squash).flatMap { $0.isEmpty ? nil : $0 },
            published: metadata.published,
            modified: metadata.modified,
            siteName: metadata.siteName.map(TextNormalizer.squash),
            language: metadata.language,
            excerpt: metadata.excerpt ?? firstParagraph,
            image: metadata.image.flatMap { resolve($0, against: base) },
            paragraphs: paragraphs,
            status: .full,
            notes: notes,
            charset: document.encoding)
        if article.title?.isEmpty ?? false { article.title = nil }
        if article.excerpt?.isEmpty ?? false { article.excerpt = nil }
        article.status = PageLabeler.label(article, metadata: metadata, signals: signals, httpStatus: httpStatus,
                                             removedNotice: removedNotice, page: pristine)
        // A blocked page has no story: whatever text it had was the wall or the error page.
        if article.status == .blocked { article.paragraphs = [] }
        return article
    }

    /// Text read of the `<title>` and of each heading the title is checked against, and how
    /// many headings are read: a title is a line, a page has a few headings.
    static let maxTitleBytes = 4096
    static let maxHeadings = 256

    static func documentTitle(_ tree: WorkingTree) -> String {
        let titleText = tree.descendants(of: WorkingTree.root, named: "title").first.map {
            String(decoding: tree.leadingBytes($0, limit: maxTitleBytes), as: UTF8.self)
        } ?? ""
        let headings = tree.descendants(of: WorkingTree.root, named: ["h1", "h2"]).prefix(maxHeadings).compactMap {
            tree.textContent($0, maxBytes: maxTitleBytes)
        }
        let h1s = tree.descendants(of: WorkingTree.root, named: "h1")
        let singleH1 = h1s.count == 1 ? tree.textContent(h1s[0], maxBytes: maxTitleBytes).map(TextNormalizer.collapse) : nil
        return TitleFinder.title(documentTitle: titleText, headings: headings, singleH1: singleH1)
    }

    /// The page's `<base href>` (the first one still in the page), else its own address.
    private static func baseURL(_ page: WorkingTree, attachedIn tree: WorkingTree, url: String?) -> URL? {
        let pageURL = url.flatMap { URL(string: $0) }
        if let base = page.descendants(of: WorkingTree.root, named: "base").first(where: {
            tree.isDescendant($0, of: WorkingTree.root)
        }),
           let href = tree.attribute(base, "href"), let resolved = URL(string: href, relativeTo: pageURL) {
            return resolved.absoluteURL
        }
        return pageURL
    }

    static func resolve(_ link: String, against base: URL?) -> String? {
        let trimmed = TextNormalizer.trim(link)
        guard !trimmed.isEmpty else { return nil }
        guard let base else { return trimmed }
        let escaped = trimmed.replacingOccurrences(of: " ", with: "%20")
        return URL(string: escaped, relativeTo: base)?.absoluteURL.absoluteString ?? trimmed
    }
}

/// Which charset to decode a page with: the HTTP header's when iconv knows it; otherwise UTF-8
/// for bytes that are valid non-ASCII UTF-8 (a page that declares a legacy charset but is really
/// UTF-8 is common, and valid multi-byte UTF-8 by accident is rare); otherwise the page's own
/// declaration or BOM, then windows-1252 (decided inside LibXML).
enum CharsetChoice {
    static func charset(for bytes: [UInt8], httpCharset: String?) -> String? {
        if let declared = httpCharset.map(TextNormalizer.trim), !declared.isEmpty, CharsetConverter.isKnown(declared) {
            return declared
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
        var hasMultiByte = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                // ASCII runs, most of a page, are skipped eight bytes at a time.
                index = ByteScan.firstNonASCII(in: bytes, from: index)
                continue
            }
            let length: Int
            if byte & 0xE0 == 0xC0 && byte >= 0xC2 { length = 2 } else if byte & 0xF0 == 0xE0 { length = 3 } else if byte & 0xF8 == 0xF0 && byte <= 0xF4 { length = 4 } else { return nil }
            guard index + length <= count else { return nil }
            for k in 1..<length where bytes[index + k] & 0xC0 != 0x80 { return nil }
            hasMultiByte = true
            index += length
        }
        return hasMultiByte ? "UTF-8" : nil
    }
}
