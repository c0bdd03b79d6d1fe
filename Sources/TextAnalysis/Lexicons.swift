import Foundation

/// The word lists the analysis relies on (places, names, common words, demonyms, organisations),
/// loaded once from the module's bundled resources. Immutable after loading, so it can be shared
/// freely between threads.
public struct Lexicons: Sendable {
    public let places: Set<String>
    public let givenNames: Set<String>
    public let surnames: Set<String>
    /// Lower-case English words that are normally not names ("police", "hydrogen").
    public let commonWords: Set<String>
    public let demonyms: Set<String>
    public let organisations: Set<String>
    /// All six lists, probed by a word's hash (the entity tagger's per-token lookups).
    let index: LexiconIndex

    public init(places: Set<String>, givenNames: Set<String>, surnames: Set<String>,
                commonWords: Set<String>, demonyms: Set<String>, organisations: Set<String>) {
        self.places = places
        self.givenNames = givenNames
        self.surnames = surnames
        self.commonWords = commonWords
        self.demonyms = demonyms
        self.organisations = organisations
        index = LexiconIndex([(places, .place), (givenNames, .givenName), (surnames, .surname),
                              (commonWords, .common), (demonyms, .demonym), (organisations, .organisation)])
    }

    /// The lexicons shipped with the module; loaded on first use.
    public static let bundled: Lexicons = Lexicons(
        places: load("places"), givenNames: load("given_names"), surnames: load("surnames"),
        commonWords: load("common_words"), demonyms: load("demonyms"), organisations: load("organisations"))

    /// Total size in bytes of the bundled lexicon files (for the memory report).
    public static func bundledFileBytes() -> Int {
        ["places", "given_names", "surnames", "common_words", "demonyms", "organisations"].reduce(0) { sum, name in
            guard let url = resourceURL(name),
                  let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int else { return sum }
            return sum + size
        }
    }

    static func resourceURL(_ name: String) -> URL? {
        ResourceLocator.url(forFile: name + ".txt")
    }

    /// Reads one list: one entry per line, '#' starts a comment line.
    static func load(_ name: String) -> Set<String> {
        guard let url = resourceURL(name), let data = try? Data(contentsOf: url) else { return [] }
        return parse(bytes: [UInt8](data))
    }

    /// Byte-level version of `parse` (the lists are loaded at start-up, so this is kept fast).
    static func parse(bytes: [UInt8]) -> Set<String> {
        var out = Set<String>(minimumCapacity: bytes.count / 8)
        var start = 0
        let n = bytes.count
        while start < n {
            var end = start
            while end < n, bytes[end] != 10 { end += 1 }
            var lo = start, hi = end
            while lo < hi, bytes[lo] == 32 || bytes[lo] == 9 { lo += 1 }
            while hi > lo, bytes[hi - 1] == 32 || bytes[hi - 1] == 9 || bytes[hi - 1] == 13 { hi -= 1 }
            if hi > lo, bytes[lo] != 35 {
                out.insert(String(decoding: bytes[lo..<hi], as: UTF8.self))
            }
            start = end + 1
        }
        return out
    }

    /// Parses the list format (exposed for tests).
    public static func parse(_ text: String) -> Set<String> {
        var out = Set<String>()
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            out.insert(entry)
        }
        return out
    }
}
