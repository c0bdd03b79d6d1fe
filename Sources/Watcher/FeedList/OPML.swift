import Foundation
import LibXML

/// OPML, the format every feed reader imports and exports: `feedwatch feeds import/export`.
///
/// Import takes every `<outline xmlUrl=…>` at any depth; the titles of enclosing outlines
/// (folders) become tags, as Miniflux and FreshRSS do with categories.
public enum OPML {
    public struct Outline: Sendable, Equatable {
        public var url: String
        public var title: String?
        public var tags: [String]
    }

    public struct ImportError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(ImportError) -> [Outline] {
        struct Handler: XMLEventHandler {
            var outlines: [Outline] = []
            var folders: [String?] = []
            var sawOPML = false
            var wantsText: Bool { false }
            mutating func startElement(_ e: XMLStartElement) {
                if e.localName.lowercased() == "opml" { sawOPML = true }
                guard e.localName.lowercased() == "outline" else { folders.append(nil); return }
                func attr(_ name: String) -> String? {
                    e.attributes.first { $0.localName.lowercased() == name.lowercased() }?.value
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                }
                let title = attr("title").flatMap { $0.isEmpty ? nil : $0 } ?? attr("text").flatMap { $0.isEmpty ? nil : $0 }
                if let url = attr("xmlUrl"), !url.isEmpty {
                    outlines.append(Outline(url: url, title: title, tags: folders.compactMap { $0 }))
                    folders.append(nil)
                } else {
                    folders.append(title)
                }
            }
            mutating func endElement() { if !folders.isEmpty { folders.removeLast() } }
            mutating func text(_ text: String) {}
        }
        var handler = Handler()
        do { try XMLStreamReader.read(bytes, url: file, maxBytes: 32 << 20, into: &handler) } catch {
            throw ImportError(description: "\(file): not readable as XML: \(error)")
        }
        guard handler.sawOPML else { throw ImportError(description: "\(file): not an OPML file (no <opml> element)") }
        return handler.outlines
    }

    public static func render(_ feeds: [FeedConfig], title: String = "feedwatch subscriptions") -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>\(esc(title))</title></head>\n  <body>\n"
        var byTag: [String: [FeedConfig]] = [:]
        var order: [String] = []
        for feed in feeds {
            let tag = feed.tags.first ?? ""
            if byTag[tag] == nil { order.append(tag) }
            byTag[tag, default: []].append(feed)
        }
        for tag in order {
            let indent = tag.isEmpty ? "    " : "      "
            if !tag.isEmpty { out += "    <outline text=\"\(esc(tag))\" title=\"\(esc(tag))\">\n" }
            for feed in byTag[tag]! {
                let name = esc(feed.name ?? feed.url)
                out += "\(indent)<outline type=\"rss\" text=\"\(name)\" title=\"\(name)\" xmlUrl=\"\(esc(feed.url))\"/>\n"
            }
            if !tag.isEmpty { out += "    </outline>\n" }
        }
        return out + "  </body>\n</opml>\n"
    }
}
