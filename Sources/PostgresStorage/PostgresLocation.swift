import Foundation
import Storage

/// Where the shared database is, read from the config's `database = "postgres://…"` URL: host
/// (or a Unix socket directory), port, user, database name and TLS mode. The password is never
/// part of it: it comes from a file or the environment (see `PostgresPassword`), so the config
/// file can be world-readable and nothing that logs the URL leaks a secret.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS (libpq's `sslmode`, the values that make sense here).
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP (loopback, Unix sockets, a private network).
        case disable
        /// TLS when the server offers it (libpq's default).
        case prefer
        /// TLS or no connection; the server's certificate is verified against the system's CAs.
        case require
    }

    public var host: String?
    public var socketDirectory: String?
    public var port: Int
    public var user: String
    public var database: String
    public var tls: TLSMode

    /// The URL without any secret, for logs and errors.
    public var description: String {
        let place = socketDirectory.map { "?host=\($0)" } ?? ""
        return "postgres://\(user)@\(host ?? "")\(socketDirectory == nil ? ":\(port)" : "")/\(database)\(place)"
    }

    /// Why a `database` value is not a usable PostgreSQL URL.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether `value` names a PostgreSQL database (and not a SQLite file).
    public static func isPostgresURL(_ value: String) -> Bool {
        let lower = value.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Reads `postgres://USER@HOST[:PORT]/DATABASE[?sslmode=…&host=/socket/dir]`. A password in
    /// the URL is refused: it belongs in `database_password_file` or FEEDWATCH_DATABASE_PASSWORD.
    public init(url value: String) throws {
        guard value.utf8.count <= 2048 else { throw Invalid(description: "the database URL is longer than 2048 bytes") }
        guard Self.isPostgresURL(value), let components = URLComponents(string: value) else {
            throw Invalid(description: "'\(value.prefix(80))' is not a postgres://user@host/database URL")
        }
        if components.password != nil {
            throw Invalid(description: "the database URL holds a password; put it in database_password_file or FEEDWATCH_DATABASE_PASSWORD instead")
        }
        var host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        var socketDirectory: String?
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw Invalid(description: "sslmode must be disable, prefer or require, not '\(item.value ?? "")'")
                }
                tls = mode
            case "host":
                guard let path = item.value, path.hasPrefix("/") else {
                    throw Invalid(description: "the host parameter must be a Unix socket directory (an absolute path)")
                }
                socketDirectory = path
            default:
                throw Invalid(description: "unknown database URL parameter '\(item.name)' (known: sslmode, host)")
            }
        }
        if socketDirectory != nil { host = nil }
        guard host != nil || socketDirectory != nil else {
            throw Invalid(description: "the database URL names no host (postgres://user@host/database)")
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw Invalid(description: "port \(port) is out of range") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(description: "the database URL names no database (postgres://user@host/database)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(description: "the database URL names no user (postgres://user@host/database)")
        }
        self.host = host
        self.socketDirectory = socketDirectory
        self.port = port
        self.user = user.removingPercentEncoding ?? user
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }
}

/// The database password, from where secrets belong: a file (`database_password_file`, or the
/// systemd credential `database-password` under $CREDENTIALS_DIRECTORY) or the environment
/// (FEEDWATCH_DATABASE_PASSWORD). Never logged; its description is a placeholder.
public struct PostgresPassword: Sendable, CustomStringConvertible {
    public let value: String?
    public var description: String { value == nil ? "(none)" : "(hidden)" }

    public init(_ value: String?) { self.value = value }

    /// The first of: the file at `file`, the systemd credential, the environment variable.
    /// A file that cannot be read is an error naming it; a trailing newline is dropped.
    public static func resolve(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresPassword {
        func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PostgresLocation.Invalid(description: "\(path): cannot read the database password file")
            }
            guard data.count <= 4096 else {
                throw PostgresLocation.Invalid(description: "\(path): the database password file is larger than 4 KiB")
            }
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        }
        if let file { return PostgresPassword(try read(file)) }
        if let directory = environment["CREDENTIALS_DIRECTORY"] {
            let path = directory + "/database-password"
            if FileManager.default.fileExists(atPath: path) { return PostgresPassword(try read(path)) }
        }
        return PostgresPassword(environment["FEEDWATCH_DATABASE_PASSWORD"])
    }
}
