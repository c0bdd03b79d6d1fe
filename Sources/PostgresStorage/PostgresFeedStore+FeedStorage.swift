import Storage

/// The PostgreSQL backend is a `FeedStorage`: its methods live in the extensions beside this file
/// (+Feeds, +Fetch, +Entries, +Articles, +WorkAttempts, +Metrics, +Search, +Maintenance,
/// +WorkSharing, +HostRequests), with the SQLite `FeedStore`'s behaviour.
extension PostgresFeedStore: FeedStorage {}
