import Foundation

/// A PostgreSQL server for the suites that run against both storage backends.
///
/// `make test` starts a throwaway cluster (scripts/test-postgres.sh) and sets
/// FEEDWATCH_TEST_POSTGRES_URL to a `postgres://user@host:port/postgres` URL with trust
/// authentication; set it yourself to use an existing server instead (the user needs
/// CREATEDB). Each test gets a database of its own, created from `template0` and dropped when the
/// test is done, so tests run in parallel without seeing each other's rows. Without the
/// variable, the PostgreSQL cases are left out and only SQLite runs.
public enum TestPostgres {
    /// The server's URL (its maintenance database), when one is configured.
    public static var serverURL: String? {
        let value = ProcessInfo.processInfo.environment["FEEDWATCH_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }

    public static var isAvailable: Bool { serverURL != nil }

    /// A new, empty database on the test server.
    public struct Database: Sendable {
        /// `postgres://user@host:port/NAME`.
        public let url: String
        public let name: String
        let serverURL: String

        /// Drops the database (ends its other connections first).
        public func drop() {
            _ = try? TestPostgres.psql(serverURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates a database named `fw_test_<random>`; throws when no server is configured.
    public static func freshDatabase() throws -> Database {
        guard let serverURL else { throw Failure(description: "FEEDWATCH_TEST_POSTGRES_URL is not set") }
        let name = "fw_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        // The URL first: a database is created only when its URL can be handed out.
        guard var components = URLComponents(string: serverURL) else {
            throw Failure(description: "FEEDWATCH_TEST_POSTGRES_URL is not a URL")
        }
        components.path = "/" + name
        guard let url = components.string else {
            throw Failure(description: "FEEDWATCH_TEST_POSTGRES_URL is not a URL")
        }
        try psql(serverURL, "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'")
        return Database(url: url, name: String(name), serverURL: serverURL)
    }

    /// Runs one SQL command with `psql` against `url`; returns its unaligned output.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        // Files, not pipes: a pipe's write end would leak into children other tests spawn meanwhile.
        let base = NSTemporaryDirectory() + "feedwatch-psql-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        process.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        process.standardError = FileHandle(forWritingAtPath: base + ".err")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let out = FileManager.default.contents(atPath: base + ".out") ?? Data()
        let err = FileManager.default.contents(atPath: base + ".err") ?? Data()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "psql: \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }
}
