/// The HTML anchor of a story, derived from its id alone.
///
/// Ranks change as a day's digest is rewritten; a link from tomorrow's digest to today's story
/// must not. So every story gets `s-<id>` beside its `story-<rank>`: letters, digits, `-` and `_`
/// of the id are kept, anything else becomes `-`, and an id that had to be changed (or is very
/// long) gets a short hash of the original, so two ids never share an anchor by accident.
public enum StoryAnchor {
    public static func anchor(forStoryID id: String) -> String {
        var safe = ""
        var changed = false
        for scalar in id.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" {
                safe.unicodeScalars.append(scalar)
            } else {
                safe.append("-")
                changed = true
            }
        }
        if safe.count > 48 {
            safe = String(safe.prefix(48))
            changed = true
        }
        return "s-" + safe + (changed || safe.isEmpty ? "-" + hash(id) : "")
    }

    /// FNV-1a 32 in hex: stable across runs and machines.
    static func hash(_ text: String) -> String {
        var value: UInt32 = 0x811c_9dc5
        for byte in text.utf8 {
            value ^= UInt32(byte)
            value &*= 0x0100_0193
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
