import Foundation
import Glibc

/// Shell-style wildcard expansion for `include = ["feeds.d/*.toml"]`: wildcards in the file
/// name part only, results sorted so the order of feeds is stable.
enum Glob {
    static func expand(_ pattern: String) -> [String] {
        let dir = (pattern as NSString).deletingLastPathComponent
        let name = (pattern as NSString).lastPathComponent
        guard name.contains("*") || name.contains("?") || name.contains("[") else {
            return FileManager.default.fileExists(atPath: pattern) ? [pattern] : []
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { !$0.hasPrefix(".") && fnmatch(name, $0, 0) == 0 }
            .sorted()
            .map { (dir as NSString).appendingPathComponent($0) }
    }
}
