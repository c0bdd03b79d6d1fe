import GRDB

/// Shorthands for the hot path of `recordFetch`: each SQL text is compiled once per connection
/// (GRDB's statement cache) instead of once per entry.
extension Database {
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func exists(_ sql: String, _ arguments: StatementArguments) throws -> Bool {
        try Bool.fetchOne(cachedStatement(sql: sql), arguments: arguments) ?? false
    }

    func row(_ sql: String, _ arguments: StatementArguments) throws -> Row? {
        try Row.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }
}
