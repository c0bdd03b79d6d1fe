import Foundation

/// Finds the module's data files (the tagger's weights, the word lists) wherever feedwatch was
/// put: next to a build's binary, under an installed prefix, or where an operator points.
///
/// SwiftPM's generated `Bundle.module` knows only two places (beside the executable and the
/// build directory it was compiled in) and stops the process when neither exists. An installed
/// binary (`make install`, the Debian package) has no build directory, and its data lives in
/// `<prefix>/share/feedwatch`, so the lookup is done here and a missing file is an answer (nil),
/// never a crash.
public enum ResourceLocator {
    /// The environment variable an operator may set to a directory holding the data files.
    public static let environmentKey = "FEEDWATCH_RESOURCE_DIR"

    /// The bundle directory's name in a SwiftPM build (beside the executable).
    static let bundleName = "feedwatch_TextAnalysis.resources"

    /// The directories searched, in order: `FEEDWATCH_RESOURCE_DIR`; the SwiftPM bundle beside
    /// the executable; `<prefix>/share/feedwatch` for an executable in `<prefix>/bin`; the
    /// source tree's `Resources` (a development checkout).
    public static let searchDirectories: [String] = {
        var dirs: [String] = []
        if let dir = ProcessInfo.processInfo.environment[environmentKey], !dir.isEmpty { dirs.append(dir) }
        let exe = Bundle.main.executableURL?.resolvingSymlinksInPath()
            ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let exeDir = exe.deletingLastPathComponent()
        let bundle = exeDir.appendingPathComponent(bundleName)
        dirs.append(bundle.appendingPathComponent("Resources").path)
        dirs.append(bundle.path)
        dirs.append(exeDir.deletingLastPathComponent().appendingPathComponent("share/feedwatch").path)
        dirs.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources").path)
        return dirs
    }()

    /// The first readable file called `name` in the search directories, or nil.
    public static func url(forFile name: String) -> URL? {
        for dir in searchDirectories {
            let path = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.isReadableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        return nil
    }
}
