import Foundation

/// The JSON digest: the `DigestDay` model as documented in docs/digest-schema.md.
///
/// Stable byte for byte: keys sorted, pretty-printed, slashes unescaped, one trailing newline,
/// absent values written as `null` rather than left out.
public enum JSONDigest {
    public static func render(_ day: DigestDay) -> String {
        // The model holds only strings, integers, booleans, arrays and objects: encoding cannot fail.
        guard let data = try? encoder().encode(day), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }

    /// Reads a JSON digest back (for re-rendering a stored day as HTML or Markdown).
    public static func parse(_ data: Data) throws -> DigestDay {
        try JSONDecoder().decode(DigestDay.self, from: data)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    // MARK: - From fragments

    /// Where a story object starts in the day's text: inside `"stories" : [`, two levels deep.
    static let storyIndent: [UInt8] = Array("    ".utf8)
    /// The line of a story's rank in its fragment, up to the number (written as 0 in the fragment).
    static let rankLine: [UInt8] = Array("\n      \"rank\" : 0".utf8)

    /// One story's object as it stands in the day's `stories` array, its rank left out (see
    /// `DigestStoryFragment`). It depends on the story alone. A story that does not encode gets a
    /// fragment without pieces, and a day with one is rendered whole.
    public static func storyFragment(_ story: DigestStory) -> DigestStoryFragment {
        var story = story
        story.rank = 0
        guard let data = try? encoder().encode(story) else { return DigestStoryFragment(pieces: []) }
        // Pretty-printing indents each non-blank line by two spaces a level (an empty array or
        // object keeps its blank line); a JSON string never holds a raw line break.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count + data.count / 8 + 8)
        var lineStart = true
        for byte in data {
            if lineStart, byte != UInt8(ascii: "\n") { bytes += storyIndent }
            bytes.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
        guard let at = firstIndex(of: rankLine, in: bytes) else { return DigestStoryFragment(pieces: []) }
        let numberEnd = at + rankLine.count
        return DigestStoryFragment(pieces: [String(decoding: bytes[..<(numberEnd - 1)], as: UTF8.self),
                                            String(decoding: bytes[numberEnd...], as: UTF8.self)])
    }

    /// The day assembled from its stories' fragments (`fragments[i]` is `day.stories[i]`'s, made by
    /// `storyFragment`): the same text as `render(day)`, without encoding the stories again.
    public static func render(_ day: DigestDay, fragments: [DigestStoryFragment]) -> String {
        var out = ""
        out.reserveCapacity(fragments.reduce(4096) { $0 + $1.byteCount + 12 })
        render(day, fragments: fragments, into: &out)
        return out
    }

    /// `render(_:fragments:)` written to `out` as it is made (a file, for a day too large to
    /// hold twice); the fragments are read one at a time.
    public static func render(_ day: DigestDay, fragments: some DigestStoryFragments, into out: inout some TextOutputStream) {
        guard !day.stories.isEmpty, fragments.count == day.stories.count,
              (0..<fragments.count).allSatisfy({ fragments.pieceCount(at: $0) == 2 }),
              let (before, after) = headerParts(day) else {
            out.write(render(day))
            return
        }
        out.write(before)
        out.write("[\n")
        for index in 0..<fragments.count {
            if index > 0 { out.write(",\n") }
            fragments.fragment(at: index).append(rank: day.stories[index].rank, to: &out)
        }
        out.write("\n  ]")
        out.write(after)
    }

    /// The day's text without its stories, cut where they go: up to `"stories" : ` and from the
    /// end of the (empty) array on.
    static func headerParts(_ day: DigestDay) -> (String, String)? {
        var header = day
        header.stories = []
        let bytes = Array(render(header).utf8)
        let key = Array("\n  \"stories\" : ".utf8), empty = Array("[\n\n  ]".utf8)
        guard let at = firstIndex(of: key, in: bytes) else { return nil }
        let valueStart = at + key.count
        guard bytes[valueStart...].starts(with: empty) else { return nil }
        return (String(decoding: bytes[..<valueStart], as: UTF8.self),
                String(decoding: bytes[(valueStart + empty.count)...], as: UTF8.self))
    }

    /// A fingerprint of the day's content apart from its generation time: equal exactly when the
    /// JSON digests (with `generatedAt` set aside) are equal, but made from the text of the day
    /// without its stories and each story's rank and fragment fingerprint, so that a day whose
    /// fragments are kept costs no encoding of its stories. `fragments` as for `render`.
    public static func contentFingerprint(_ day: DigestDay, fragments: some DigestStoryFragments) -> String {
        guard fragments.count == day.stories.count else { return contentFingerprint(day) }
        var header = day
        header.stories = []
        header.generatedAt = DigestTime(secondsSince1970: 0, utcOffsetSeconds: 0)
        var hash = DigestFingerprint.Hash()
        hash.add(render(header))
        for (index, story) in day.stories.enumerated() {
            hash.add(UInt64(bitPattern: Int64(story.rank)))
            hash.add(fragments.fingerprint(at: index))
        }
        return contentFingerprintPrefix + hash.hex
    }

    /// `contentFingerprint` with the fragments made here (a day read back from its file).
    public static func contentFingerprint(_ day: DigestDay) -> String {
        contentFingerprint(day, fragments: day.stories.map(storyFragment))
    }

    /// Marks `contentFingerprint`s, so that one kept by an older version (FNV-1a 64 of the whole
    /// JSON text, see `legacyContentFingerprint`) is known for what it is.
    public static let contentFingerprintPrefix = "c2-"

    /// The fingerprint older versions kept: FNV-1a 64 of the JSON text with `generatedAt` set to
    /// `generatedAtZero`. Only to compare with one they stored.
    public static func legacyContentFingerprint(_ day: DigestDay, generatedAtZero: DigestTime) -> String {
        var probe = day
        probe.generatedAt = generatedAtZero
        return DigestFingerprint.of(render(probe))
    }

    /// The first position of `needle` in `haystack`; linear for the short needles used here.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first else { return nil }
        var index = 0
        while index + needle.count <= haystack.count {
            guard let candidate = haystack[index...].firstIndex(of: first), candidate + needle.count <= haystack.count else {
                return nil
            }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
