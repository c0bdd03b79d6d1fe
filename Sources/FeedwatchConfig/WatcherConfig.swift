import Foundation

/// The daemon's whole configuration, as read from the TOML file and its includes.
///
/// A value: reloading on SIGHUP builds a new one and swaps it in only when it is valid, so a bad
/// edit never stops a running daemon.
public struct WatcherConfig: Sendable, Equatable {
    /// The main config file, absolute.
    public var sourceFile: String
    public var stateDir: String
    public var digestDir: String
    public var timeZone: TimeZone
    public var pollInterval: TimeInterval
    public var formats: [DigestFormat]
    public var maxConcurrentFetches: Int
    public var perHostConcurrency: Int
    public var perHostSpacing: TimeInterval
    public var minInterval: TimeInterval
    public var maxInterval: TimeInterval
    public var fetchTimeout: TimeInterval
    public var maxBodySize: Int
    /// The newest this many items of one fetch are kept; the rest of a huge feed is cut.
    public var maxItemsPerFetch: Int
    /// `story_window_items`: the most recent items (and open stories) the story clusterer keeps,
    /// however many the last 72 hours brought: what bounds its memory at any inflow.
    public var storyWindowItems: Int = WatcherConfig.defaultStoryWindowItems
    /// The default of `story_window_items` (the clusterer's own, `StoryClusterer.defaultMaxWindowItems`).
    public static let defaultStoryWindowItems = 100_000
    public var fullText: FullTextMode
    public var allowPrivateNetworks: Bool
    public var retentionDays: Int
    /// Digest files (`YYYY-MM-DD.md/.html/.json`) older than this many days are deleted; 0 keeps them forever.
    public var digestRetentionDays: Int = 365
    /// The digest directory's public URL, ending in "/" (`digest_base_url`); nil means its `file://` URL.
    public var digestBaseURL: String? = nil
    public var userAgentContact: String?
    public var logLevel: String
    /// `log_format`: readable lines (the default) or one JSON object per line.
    public var logFormat: LogFormat = .text
    /// `metrics_listen`: where `/metrics`, `/healthz` and `/readyz` are served; nil is off.
    public var metricsListen: ListenAddress? = ListenAddress.defaultMetrics
    public var feeds: [FeedConfig]
    /// Things worth a log line that do not make the config invalid (a feed listed twice, say).
    public var warnings: [String]

    public static let defaultPath = "/etc/feedwatch/feedwatch.toml"

    public init(sourceFile: String, stateDir: String, digestDir: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
                pollInterval: TimeInterval = 1800, formats: [DigestFormat] = DigestFormat.allCases,
                maxConcurrentFetches: Int = 16, perHostConcurrency: Int = 2, perHostSpacing: TimeInterval = 1,
                minInterval: TimeInterval = 300, maxInterval: TimeInterval = 43_200, fetchTimeout: TimeInterval = 30,
                maxBodySize: Int = 15 << 20, maxItemsPerFetch: Int = 1000, fullText: FullTextMode = .auto, allowPrivateNetworks: Bool = false,
                retentionDays: Int = 30, userAgentContact: String? = nil, logLevel: String = "info",
                feeds: [FeedConfig] = [], warnings: [String] = []) {
        self.sourceFile = sourceFile
        self.stateDir = stateDir
        self.digestDir = digestDir
        self.timeZone = timeZone
        self.pollInterval = pollInterval
        self.formats = formats
        self.maxConcurrentFetches = maxConcurrentFetches
        self.perHostConcurrency = perHostConcurrency
        self.perHostSpacing = perHostSpacing
        self.minInterval = minInterval
        self.maxInterval = maxInterval
        self.fetchTimeout = fetchTimeout
        self.maxBodySize = maxBodySize
        self.maxItemsPerFetch = maxItemsPerFetch
        self.fullText = fullText
        self.allowPrivateNetworks = allowPrivateNetworks
        self.retentionDays = retentionDays
        self.userAgentContact = userAgentContact
        self.logLevel = logLevel
        self.feeds = feeds
        self.warnings = warnings
    }

    /// `database`: a `postgres://user@host/db` URL shares the state with other workers on that
    /// server; nil keeps it in the SQLite file `databasePath`.
    public var databaseURL: String?
    /// `database` when it names a SQLite file instead of a URL.
    public var databaseFile: String?
    /// `database_password_file`: the file holding the PostgreSQL password (never the config).
    public var databasePasswordFile: String?

    /// `worker_lease`: how long a claim on a feed or an article page holds on a shared database
    /// before another worker may take it (renewed every third of it while the worker lives).
    public var workerLease: TimeInterval = 180

    /// `digest_refresh`: how often the daemon rewrites today's digest files while stories keep
    /// changing (0: after every cycle). Rewriting a day's files costs in proportion to the whole
    /// day, so on a busy day it is done every few minutes rather than after each one-minute cycle;
    /// a new day, `once` and a clean stop write at once.
    public var digestRefresh: TimeInterval = 300

    /// Whether the state lives on a PostgreSQL server.
    public var usesPostgres: Bool { databaseURL != nil }

    /// The SQLite database file: `database` when it names one, else feedwatch.sqlite in the
    /// state directory.
    public var databasePath: String { databaseFile ?? (stateDir as NSString).appendingPathComponent("feedwatch.sqlite") }

    /// Where the state is, for messages: the file, or the URL (which never holds a password).
    public var databaseDescription: String { databaseURL ?? databasePath }

    /// The User-Agent every request sends: names feedwatch and where to read about it.
    public var userAgent: String {
        var ua = "feedwatch/\(FeedwatchVersion.current) (+https://github.com/feedwatch/feedwatch"
        if let contact = userAgentContact, !contact.isEmpty { ua += "; \(contact)" }
        return ua + ")"
    }
}

/// One `[[feed]]` table.
public struct FeedConfig: Sendable, Equatable {
    /// http(s) or file:// (local paths in the config are turned into file:// URLs).
    public var url: String
    public var name: String?
    public var tags: [String]
    public var fullText: Bool?
    public var interval: TimeInterval?
    /// Where the feed was declared, for error messages.
    public var location: ConfigLocation

    public init(url: String, name: String? = nil, tags: [String] = [], fullText: Bool? = nil,
                interval: TimeInterval? = nil, location: ConfigLocation) {
        self.url = url
        self.name = name
        self.tags = tags
        self.fullText = fullText
        self.interval = interval
        self.location = location
    }
}

/// Whether article pages are fetched: always, never, or when the feed's own text is short.
public enum FullTextMode: String, Sendable, Equatable {
    case always, never, auto
}

/// The digest file formats.
public enum DigestFormat: String, Sendable, Equatable, CaseIterable {
    case md, html, json
}

/// A file and line in the configuration, so every error can point at what to fix.
public struct ConfigLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// A configuration problem, always naming the file and (when known) the line.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: ConfigLocation
    public var message: String
    public init(_ location: ConfigLocation, _ message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location): \(message)" }
}

/// The version string feedwatch reports in its User-Agent and `--version`.
public enum FeedwatchVersion {
    public static let current = "0.3.0"
}
