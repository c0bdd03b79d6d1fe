/// How `feedwatch run` and `once` write their log lines to stderr (`log_format`).
///
/// `text` is one readable line per event (with a syslog priority prefix under systemd); `json`
/// is one JSON object per line, for log shippers that should not have to parse prose.
public enum LogFormat: String, Sendable, Equatable, CaseIterable {
    case text, json
}
