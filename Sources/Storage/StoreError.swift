import Foundation

/// Errors of the store that a user or the watcher can act on, each one line naming its subject.
public enum StoreError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case cannotOpen(path: String, reason: String)
    case unknownFeed(id: Int64)
    case unknownEntry(id: Int64)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "\(path): cannot open the feedwatch database: \(reason)"
        case .unknownFeed(let id): "no feed with id \(id) in the database"
        case .unknownEntry(let id): "no entry with id \(id) in the database"
        }
    }

    public var errorDescription: String? { description }
}
