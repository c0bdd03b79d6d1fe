import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Storage

/// One connection to the server, used blocking from the store's caller — the Watcher's
/// `feedwatch-db` thread, never Swift's cooperative pool — as GRDB is used for SQLite.
///
/// Calls are serialised by a lock, so the store behaves like a single SQLite writer inside one
/// process; many processes share the server. A dropped connection fails the call in progress
/// with a `StoreError` and is opened again by the next call. Session-level state (the
/// clusterer's advisory lock) dies with a connection: `generation` counts connections so the
/// holder can tell it lost the role.
final class PostgresSession: Sendable {
    let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let lock = NIOLock()
    private let state = NIOLockedValueBox<State>(State())
    /// Longest wait for one statement's answer; a stuck server fails the call, not the daemon.
    let statementTimeout: TimeAmount

    private struct State {
        var connection: PostgresConnection?
        var generation = 0
        var closed = false
    }

    init(location: PostgresLocation, password: PostgresPassword, logger: Logger,
         connectTimeout: TimeAmount = .seconds(10), statementTimeout: TimeAmount = .seconds(60)) throws {
        var configuration: PostgresConnection.Configuration
        if let directory = location.socketDirectory {
            configuration = .init(unixSocketPath: "\(directory)/.s.PGSQL.\(location.port)", username: location.user,
                                  password: password.value, database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch location.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = .init(host: location.host ?? "localhost", port: location.port, username: location.user,
                                  password: password.value, database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = connectTimeout
        self.configuration = configuration
        self.location = location
        self.logger = logger
        self.statementTimeout = statementTimeout
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// How many connections have been opened so far (a new one has lost session state).
    var generation: Int { state.withLockedValue { $0.generation } }

    /// Runs `body` with the connection, opening it first if needed, while holding the session's
    /// lock: one statement (or transaction) at a time.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try lock.withLock {
            let connection = try currentConnection()
            do {
                return try body(connection)
            } catch {
                if connection.isClosed { state.withLockedValue { $0.connection = nil } }
                throw error
            }
        }
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try withConnection { try Self.run(query, on: $0, logger: logger, timeout: statementTimeout).rows }
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`; `ROLLBACK` when it throws).
    func transaction<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        try withConnection { connection in
            let transaction = PostgresTransaction(connection: connection, logger: logger, timeout: statementTimeout)
            try transaction.execute("BEGIN")
            do {
                let result = try body(transaction)
                try transaction.execute("COMMIT")
                return result
            } catch {
                _ = try? transaction.execute("ROLLBACK")
                throw error
            }
        }
    }

    func close() {
        let connection = state.withLockedValue { state -> PostgresConnection? in
            state.closed = true
            defer { state.connection = nil }
            return state.connection
        }
        if let connection {
            let closing: EventLoopFuture<Void> = connection.close()
            try? closing.wait()
        }
        try? group.syncShutdownGracefully()
    }

    private func currentConnection() throws -> PostgresConnection {
        let (existing, closed) = state.withLockedValue { ($0.connection, $0.closed) }
        if closed { throw StoreError.cannotOpen(path: location.description, reason: "the store is closed") }
        if let existing, !existing.isClosed { return existing }
        let id = state.withLockedValue { state -> Int in
            state.generation += 1
            return state.generation
        }
        do {
            let connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id,
                                                            logger: logger).wait()
            state.withLockedValue { $0.connection = connection }
            return connection
        } catch {
            throw StoreError.cannotOpen(path: location.description, reason: Self.describe(error))
        }
    }

    static func run(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger,
                    timeout: TimeAmount) throws -> PostgresQueryResult {
        let future = connection.query(query, logger: logger)
        let loop = future.eventLoop
        let deadline = loop.makePromise(of: PostgresQueryResult.self)
        let timer = loop.scheduleTask(in: timeout) {
            deadline.fail(StoreError.cannotOpen(path: "postgres", reason: "a statement took longer than \(timeout.nanoseconds / 1_000_000_000) s"))
            // The connection's state is unknown after a timeout: close it, the next call reconnects.
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in }
        }
        future.whenComplete { result in
            timer.cancel()
            deadline.completeWith(result)
        }
        do {
            return try deadline.futureResult.wait()
        } catch let error as PSQLError {
            throw PostgresStoreError(error)
        }
    }

    /// A PSQLError's useful part (its server message), without the query's bind values.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return String(describing: error)
    }
}

/// What the server said when a statement failed: SQLSTATE and message, never the bound values
/// (which may be a feed's content).
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public var sqlState: String?
    public var message: String

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        message = PostgresSession.describe(error)
    }

    public var description: String { "PostgreSQL: \(message)\(sqlState.map { " (SQLSTATE \($0))" } ?? "")" }

    /// 40001 / 40P01: the transaction lost a serialisation race or a deadlock and may be retried.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// 23505: a unique constraint said no.
    public var isUniqueViolation: Bool { sqlState == "23505" }
}

/// The statements of one transaction on the session's connection.
struct PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger
    let timeout: TimeAmount

    /// Runs a statement; returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try PostgresSession.run(query, on: connection, logger: logger, timeout: timeout).rows
    }

    /// Runs a statement; returns how many rows it changed.
    @discardableResult
    func execute(_ query: PostgresQuery) throws -> Int {
        try PostgresSession.run(query, on: connection, logger: logger, timeout: timeout).metadata.rows ?? 0
    }
}
