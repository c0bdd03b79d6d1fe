import Foundation

/// Orders a cycle's fetches so that hosts take turns.
///
/// Fetches run `max_concurrent_fetches` at a time, but at most `per_host_concurrency` per host.
/// In the stored order (due time, then id) the feeds and pages of one host sit together — a
/// newsroom's 300 feeds on one domain, the 50 pages of one outlet's new items — so the first
/// sixteen tasks all wait on one host's two slots while every other host idles. Taking one item
/// from each host in turn keeps the slots of many hosts busy at once. The order within a host is
/// kept, and hosts come in the order of their first item, so the most overdue still go first.
enum HostInterleave {
    /// `items` reordered round-robin over their hosts. Linear in the number of items.
    static func order<Item>(_ items: [Item], host: (Item) -> String) -> [Item] {
        var queues: [[Item]] = []
        var index: [String: Int] = [:]
        for item in items {
            let key = host(item)
            if let i = index[key] {
                queues[i].append(item)
            } else {
                index[key] = queues.count
                queues.append([item])
            }
        }
        guard queues.count > 1 else { return items }
        var result: [Item] = []
        result.reserveCapacity(items.count)
        var round = 0
        var left = items.count
        while left > 0 {
            for queue in queues where round < queue.count {
                result.append(queue[round])
                left -= 1
            }
            round += 1
        }
        return result
    }

    /// The host a URL's fetch is counted against (lowercased; "" for none).
    static func host(of url: String) -> String {
        URL(string: url)?.host?.lowercased() ?? ""
    }
}
