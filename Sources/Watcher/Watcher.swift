// The Watcher's public API speaks in the config's and the fetch policy's types (`WatcherConfig`,
// `PollPolicy`); they live in modules of their own only so that they can be fuzzed without the HTTP
// stack. Re-exported, so that a client of the Watcher needs one import, as before the split.
@_exported import FeedwatchConfig
@_exported import FetchPolicy
