import Foundation
import TOMLKit

/// Reads the TOML config and its includes into a `WatcherConfig`, or fails with the file and line.
///
/// Every key is checked: an unknown key is an error (a typo like `pol_interval` would otherwise
/// be silently ignored), as is a value of the wrong type or an unparseable duration. Relative
/// paths — `state_dir`, `digest_dir`, includes and local feed files — are relative to the file
/// that names them.
public enum ConfigLoader {
    static let topLevelKeys: Set<String> = [
        "state_dir", "digest_dir", "timezone", "poll_interval", "include", "formats", "max_concurrent_fetches",
        "per_host_concurrency", "per_host_spacing", "min_interval", "max_interval", "fetch_timeout", "max_body_size",
        "full_text", "allow_private_networks", "retention_days", "user_agent_contact", "log_level", "feed",
        "max_items_per_fetch", "metrics_listen", "log_format",
        "digest_retention_days", "digest_base_url", "database", "database_password_file", "worker_lease",
        "digest_refresh", "story_window_items",
    ]
    static let feedKeys: Set<String> = ["url", "name", "tags", "full_text", "interval"]

    /// Loads `path` (and what it includes).
    public static func load(path: String) throws(ConfigError) -> WatcherConfig {
        let file = absolute(path)
        let text = try readText(file, location: ConfigLocation(file: file, line: nil))
        return try parse(text: text, file: file)
    }

    /// Parses config text as if it were the file `file` (used by tests and by `load`).
    public static func parse(text: String, file: String) throws(ConfigError) -> WatcherConfig {
        let dir = (file as NSString).deletingLastPathComponent
        let table = try parseTOML(text, file: file)
        let lines = TOMLLineIndex(text: text)
        func at(_ key: String) -> ConfigLocation { ConfigLocation(file: file, line: lines.line(ofKey: key)) }

        for key in table.keys where !topLevelKeys.contains(key) {
            throw ConfigError(at(key), "unknown key '\(key)'\(suggestion(for: key, in: topLevelKeys))")
        }
        var config = WatcherConfig(sourceFile: file, stateDir: resolve("/var/lib/feedwatch", dir: dir),
                                   digestDir: resolve("/var/lib/feedwatch/digests", dir: dir))
        if let v = table["state_dir"] {
            config.stateDir = resolve(try string(v, "state_dir", at("state_dir")), dir: dir)
            config.digestDir = (config.stateDir as NSString).appendingPathComponent("digests")
        }
        if let v = table["digest_dir"] { config.digestDir = resolve(try string(v, "digest_dir", at("digest_dir")), dir: dir) }
        if let v = table["timezone"] {
            let name = try string(v, "timezone", at("timezone"))
            guard let zone = TimeZone(identifier: name) else {
                throw ConfigError(at("timezone"), "unknown time zone '\(name)' (use an IANA name such as \"Europe/London\")")
            }
            config.timeZone = zone
        }
        config.pollInterval = try duration(table, "poll_interval", at, in: ConfigLimits.pollInterval) ?? config.pollInterval
        config.perHostSpacing = try duration(table, "per_host_spacing", at, in: ConfigLimits.perHostSpacing) ?? config.perHostSpacing
        config.minInterval = try duration(table, "min_interval", at, in: ConfigLimits.pollInterval) ?? config.minInterval
        config.maxInterval = try duration(table, "max_interval", at, in: ConfigLimits.pollInterval) ?? config.maxInterval
        config.fetchTimeout = try duration(table, "fetch_timeout", at, in: ConfigLimits.fetchTimeout) ?? config.fetchTimeout
        config.workerLease = try duration(table, "worker_lease", at, in: ConfigLimits.workerLease) ?? config.workerLease
        config.digestRefresh = try duration(table, "digest_refresh", at, in: ConfigLimits.digestRefresh) ?? config.digestRefresh
        if config.minInterval > config.maxInterval {
            throw ConfigError(at("min_interval"), "min_interval is longer than max_interval")
        }
        config.maxConcurrentFetches = try wholeNumber(table, "max_concurrent_fetches", at, in: ConfigLimits.concurrentFetches)
            ?? config.maxConcurrentFetches
        config.perHostConcurrency = try wholeNumber(table, "per_host_concurrency", at, in: ConfigLimits.perHostConcurrency)
            ?? config.perHostConcurrency
        config.retentionDays = try wholeNumber(table, "retention_days", at, in: ConfigLimits.retentionDays) ?? config.retentionDays
        config.digestRetentionDays = try wholeNumber(table, "digest_retention_days", at, in: ConfigLimits.digestRetentionDays)
            ?? config.digestRetentionDays
        if let v = table["digest_base_url"] {
            let raw = try string(v, "digest_base_url", at("digest_base_url"))
            guard let base = DigestBaseURL.normalized(raw) else {
                throw ConfigError(at("digest_base_url"),
                                  "digest_base_url must be an http, https or file URL without query or fragment, like \"https://news.example.org/digests/\"")
            }
            config.digestBaseURL = base
        }
        config.maxItemsPerFetch = try wholeNumber(table, "max_items_per_fetch", at, in: ConfigLimits.itemsPerFetch)
            ?? config.maxItemsPerFetch
        config.storyWindowItems = try wholeNumber(table, "story_window_items", at, in: ConfigLimits.storyWindowItems)
            ?? config.storyWindowItems
        if let v = table["max_body_size"] {
            let limits = ConfigLimits.bodySize
            let range = "between \(ConfigValues.format(bytes: limits.lowerBound)) and \(ConfigValues.format(bytes: limits.upperBound))"
            let size: Int? = v.int ?? v.string.flatMap(ConfigValues.byteSize)
            guard let size, size > 0 else {
                throw ConfigError(at("max_body_size"), "max_body_size must be a size like \"15MiB\", \(range)")
            }
            guard limits.contains(size) else { throw ConfigError(at("max_body_size"), "max_body_size must be \(range)") }
            config.maxBodySize = size
        }
        if let v = table["formats"] {
            let names = try stringArray(v, "formats", at("formats"))
            var formats: [DigestFormat] = []
            for name in names {
                guard let f = DigestFormat(rawValue: name.lowercased()) else {
                    throw ConfigError(at("formats"), "unknown digest format '\(name)' (use md, html, json)")
                }
                if !formats.contains(f) { formats.append(f) }
            }
            config.formats = formats
        }
        if let v = table["full_text"] { config.fullText = try fullTextMode(v, at("full_text")) }
        if let v = table["allow_private_networks"] {
            guard let b = v.bool else { throw ConfigError(at("allow_private_networks"), "allow_private_networks must be true or false") }
            config.allowPrivateNetworks = b
        }
        if let v = table["user_agent_contact"] { config.userAgentContact = try string(v, "user_agent_contact", at("user_agent_contact")) }
        if let v = table["log_level"] {
            let level = try string(v, "log_level", at("log_level")).lowercased()
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
                throw ConfigError(at("log_level"), "log_level must be one of trace, debug, info, notice, warning, error")
            }
            config.logLevel = level
        }
        if let v = table["log_format"] {
            let name = try string(v, "log_format", at("log_format"))
            guard let format = LogFormat(rawValue: name.lowercased()) else {
                throw ConfigError(at("log_format"), "log_format must be \"text\" or \"json\"")
            }
            config.logFormat = format
        }
        if let v = table["database"] {
            let text = try string(v, "database", at("database"))
            let lower = text.lowercased()
            if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
                guard text.utf8.count <= 2048, let url = URLComponents(string: text),
                      !(url.host ?? "").isEmpty || (url.query ?? "").contains("host="),
                      url.path.count > 1, !(url.user ?? "").isEmpty else {
                    throw ConfigError(at("database"), "database is not a postgres://user@host/database URL")
                }
                if url.password != nil {
                    throw ConfigError(at("database"), "database: the URL holds a password; put it in the file named by database_password_file, the systemd credential 'database-password' or FEEDWATCH_DATABASE_PASSWORD, never in the config")
                }
                config.databaseURL = text
            } else if lower.contains("://") {
                throw ConfigError(at("database"), "database must be a postgres:// URL or the path of a SQLite file")
            } else if !text.isEmpty {
                config.databaseFile = resolve(text, dir: dir)
            }
        }
        if let v = table["database_password_file"] {
            config.databasePasswordFile = resolve(try string(v, "database_password_file", at("database_password_file")), dir: dir)
        }
        if let v = table["metrics_listen"] {
            let text = try string(v, "metrics_listen", at("metrics_listen"))
            if text.isEmpty {
                config.metricsListen = nil
            } else {
                switch ListenAddress.parse(text) {
                case .success(let address): config.metricsListen = address
                case .failure(let why):
                    throw ConfigError(at("metrics_listen"), "metrics_listen \(why) (\"\" turns the listener off)")
                }
            }
        }

        var feeds = try feedTables(table, lines: lines, file: file, dir: dir)
        if let v = table["include"] {
            let patterns: [String]
            if let s = v.string { patterns = [s] } else { patterns = try stringArray(v, "include", at("include")) }
            for pattern in patterns {
                let matches = Glob.expand(resolve(pattern, dir: dir))
                if matches.isEmpty && !pattern.contains("*") && !pattern.contains("?") {
                    throw ConfigError(at("include"), "included file '\(pattern)' does not exist")
                }
                for included in matches {
                    feeds += try loadInclude(included)
                }
            }
        }
        var seen: [String: ConfigLocation] = [:]
        var unique: [FeedConfig] = []
        for feed in feeds {
            if let first = seen[feed.url] {
                config.warnings.append("\(feed.location): feed \(feed.url) is already listed at \(first); this one is ignored")
                continue
            }
            seen[feed.url] = feed.location
            unique.append(feed)
        }
        config.feeds = unique
        return config
    }

    /// An included file holds `[[feed]]` tables only.
    static func loadInclude(_ file: String) throws(ConfigError) -> [FeedConfig] {
        let text = try readText(file, location: ConfigLocation(file: file, line: nil))
        let table = try parseTOML(text, file: file)
        let lines = TOMLLineIndex(text: text)
        for key in table.keys where key != "feed" {
            throw ConfigError(ConfigLocation(file: file, line: lines.line(ofKey: key)),
                              "an included file may only hold [[feed]] tables; '\(key)' belongs in the main config")
        }
        return try feedTables(table, lines: lines, file: file, dir: (file as NSString).deletingLastPathComponent)
    }

    static func feedTables(_ table: TOMLTable, lines: TOMLLineIndex, file: String, dir: String) throws(ConfigError) -> [FeedConfig] {
        guard let value = table["feed"] else { return [] }
        guard let array = value.array else {
            throw ConfigError(ConfigLocation(file: file, line: lines.line(ofKey: "feed")), "feeds are written as [[feed]] tables")
        }
        var feeds: [FeedConfig] = []
        for index in 0..<array.count {
            func at(_ key: String?) -> ConfigLocation { ConfigLocation(file: file, line: lines.line(ofFeed: index, key: key)) }
            guard let t = array[index].table else { throw ConfigError(at(nil), "feeds are written as [[feed]] tables") }
            for key in t.keys where !feedKeys.contains(key) {
                throw ConfigError(at(key), "unknown key '\(key)' in [[feed]]\(suggestion(for: key, in: feedKeys))")
            }
            guard let rawURL = t["url"] else { throw ConfigError(at(nil), "this [[feed]] has no url") }
            let url = try feedURL(try string(rawURL, "url", at("url")), dir: dir, location: at("url"))
            var feed = FeedConfig(url: url, location: at(nil))
            if let v = t["name"] {
                let name = try string(v, "name", at("name")).trimmingCharacters(in: .whitespacesAndNewlines)
                feed.name = name.isEmpty ? nil : name
            }
            if let v = t["tags"] {
                if let s = v.string { feed.tags = [s] } else { feed.tags = try stringArray(v, "tags", at("tags")) }
                feed.tags = feed.tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            if let v = t["full_text"] {
                // "auto" here means: follow the top-level full_text.
                switch try fullTextMode(v, at("full_text")) {
                case .always: feed.fullText = true
                case .never: feed.fullText = false
                case .auto: feed.fullText = nil
                }
            }
            if t["interval"] != nil {
                feed.interval = try duration(t, "interval", { at($0) }, in: ConfigLimits.pollInterval)
            }
            feeds.append(feed)
        }
        return feeds
    }

    /// A feed URL as written → what the fetcher uses: http(s) and file:// as given, a local path
    /// (absolute, or relative to the config file) as a file:// URL.
    static func feedURL(_ raw: String, dir: String, location: ConfigLocation) throws(ConfigError) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let url = URL(string: text), let host = url.host, !host.isEmpty else {
                throw ConfigError(location, "'\(text)' is not a valid URL")
            }
            return text
        }
        if lower.hasPrefix("file://") { return text }
        if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy({ $0.isLetter }), text.count > 2,
           text[..<colon].count > 1 {
            throw ConfigError(location, "unsupported URL scheme in '\(text)' (use http, https or file)")
        }
        let path = resolve(text, dir: dir)
        let first = text.split(separator: "/").first.map(String.init) ?? ""
        if !text.hasPrefix("/") && !text.hasPrefix(".") && first.contains(".") && !FileManager.default.fileExists(atPath: path) {
            throw ConfigError(location, "'\(text)' has no scheme and is not a local file; did you mean \"https://\(text)\"?")
        }
        return URL(fileURLWithPath: path).absoluteString
    }

    // MARK: - Small typed readers

    static func parseTOML(_ text: String, file: String) throws(ConfigError) -> TOMLTable {
        if let line = TOMLHeaderGuard.firstUnsafeHeaderLine(in: text) {
            throw ConfigError(ConfigLocation(file: file, line: line),
                              "TOML syntax error: a table name must start with a letter, a digit, '-', '_' or a quote")
        }
        if let line = TOMLArrayGuard.firstUnsafeBraceLine(in: text) {
            throw ConfigError(ConfigLocation(file: file, line: line),
                              "TOML syntax error: '}' where a list item should be (after '[' or ',')")
        }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(ConfigLocation(file: file, line: error.source.begin.line), "TOML syntax error: \(error.description)")
        } catch {
            throw ConfigError(ConfigLocation(file: file, line: nil), "cannot parse TOML: \(error)")
        }
    }

    static func readText(_ file: String, location: ConfigLocation) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: file)
            throw ConfigError(location, exists ? "cannot read the file (permissions?)" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ConfigError(location, "the file is not UTF-8 text") }
        return text
    }

    static func string(_ v: TOMLValueConvertible, _ key: String, _ at: ConfigLocation) throws(ConfigError) -> String {
        guard let s = v.string else { throw ConfigError(at, "\(key) must be a string (in double quotes)") }
        return s
    }

    static func stringArray(_ v: TOMLValueConvertible, _ key: String, _ at: ConfigLocation) throws(ConfigError) -> [String] {
        guard let array = v.array else { throw ConfigError(at, "\(key) must be a list of strings, like [\"a\", \"b\"]") }
        var out: [String] = []
        for element in array {
            guard let s = element.string else { throw ConfigError(at, "\(key) must be a list of strings, like [\"a\", \"b\"]") }
            out.append(s)
        }
        return out
    }

    /// A duration key, checked against its allowed range (a `fetch_timeout = "1e300"` is an error
    /// here, not a crash later).
    static func duration(_ table: TOMLTable, _ key: String, _ at: (String) -> ConfigLocation,
                         in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let v = table[key] else { return nil }
        let limits = "between \(ConfigValues.format(duration: range.lowerBound)) and \(ConfigValues.format(duration: range.upperBound))"
        var seconds: Double?
        if let n = v.int { seconds = Double(n) }
        else if let s = v.string {
            seconds = range.lowerBound == 0 && ["0", "0s"].contains(s.trimmingCharacters(in: .whitespaces)) ? 0 : ConfigValues.duration(s)
        }
        guard let seconds else {
            throw ConfigError(at(key), "\(key) must be a duration like \"30m\", \"1h30m\" or \"90s\", \(limits)")
        }
        guard range.contains(seconds) else { throw ConfigError(at(key), "\(key) must be \(limits)") }
        return seconds
    }

    /// A whole-number key, checked against its allowed range.
    static func wholeNumber(_ table: TOMLTable, _ key: String, _ at: (String) -> ConfigLocation,
                            in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let v = table[key] else { return nil }
        guard let n = v.int, range.contains(n) else {
            throw ConfigError(at(key), "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    static func fullTextMode(_ v: TOMLValueConvertible, _ at: ConfigLocation) throws(ConfigError) -> FullTextMode {
        if let b = v.bool { return b ? .always : .never }
        if let s = v.string, let mode = FullTextMode(rawValue: s.lowercased()) { return mode }
        throw ConfigError(at, "full_text must be true, false or \"auto\"")
    }

    static func resolve(_ path: String, dir: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : (dir as NSString).appendingPathComponent(expanded)
        return (full as NSString).standardizingPath
    }

    static func absolute(_ path: String) -> String {
        resolve(path, dir: FileManager.default.currentDirectoryPath)
    }

    /// ", did you mean 'x'?" for a key one or two edits away from a known one.
    static func suggestion(for key: String, in known: Set<String>) -> String {
        var best: (name: String, distance: Int)?
        for name in known.sorted() {
            let distance = EditDistance.between(key, name)
            if distance < (best?.distance ?? Int.max) { best = (name, distance) }
        }
        guard let best, best.distance <= 2 else { return "" }
        return "; did you mean '\(best.name)'?"
    }
}

/// Levenshtein distance, for "did you mean" hints on config keys.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where j <= y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
