import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP server on a loopback address that answers each request with exactly the bytes a test
/// scripts, however malformed: two Content-Length headers, a status line of garbage, a 1 MB
/// header, a body that trickles one byte a second, or no answer at all.
///
/// `LoopbackHTTPServer` cannot do this: NIO's HTTP encoder keeps what it writes well-formed.
/// Every accepted connection is counted before anything is read, so a server that must never be
/// contacted (a canary standing in for a private address) proves it by a count of zero.
public final class RawHTTPServer: Sendable {
    /// One step of an answer.
    public enum Step: Sendable {
        /// Write these bytes.
        case send([UInt8])
        /// Write these bytes one at a time, `milliseconds` apart.
        case trickle([UInt8], milliseconds: Int64)
        /// Write this byte every `milliseconds`, until the client goes away.
        case trickleForever(UInt8, milliseconds: Int64)
        case pause(milliseconds: Int64)
        /// Close the connection.
        case close
        /// Stop here and keep the connection open, silent, until the client goes away.
        case hang
    }

    /// What the client asked, as far as its request line and headers could be read.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(String, String)]
    }

    public typealias Script = @Sendable (Request) -> [Step]

    public let host: String
    let channel: Channel
    let group: EventLoopGroup
    let ownsGroup: Bool
    private let state: NIOLockedValueBox<State>

    struct State {
        var scripts: [String: Script] = [:]
        var requests: [Request] = []
        var connections = 0
    }

    /// Binds a random port on `host`, which must be a loopback address (127.0.0.0/8 or ::1).
    public init(host: String = "127.0.0.1", group: EventLoopGroup? = nil) throws {
        let state = NIOLockedValueBox(State())
        let ownGroup = group == nil
        let group = group ?? MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(state: state))
                }
            }
        do {
            self.channel = try bootstrap.bind(host: host, port: 0).wait()
        } catch {
            if ownGroup { try? group.syncShutdownGracefully() }
            throw error
        }
        self.host = host
        self.group = group
        self.ownsGroup = ownGroup
        self.state = state
    }

    public var port: Int { channel.localAddress?.port ?? 0 }
    /// `http://HOST:PORT/PATH`, with an IPv6 host in brackets.
    public func url(_ path: String) -> String {
        (host.contains(":") ? "http://[\(host)]" : "http://\(host)") + ":\(port)\(path)"
    }
    /// Connections accepted so far, whether or not a request followed.
    public var connections: Int { state.withLockedValue { $0.connections } }
    public var requests: [Request] { state.withLockedValue { $0.requests } }

    /// Answers requests for `path` (exactly as it appears in the request line) with `script`.
    public func route(_ path: String, _ script: @escaping Script) {
        state.withLockedValue { $0.scripts[path] = script }
    }

    /// The same steps for every request to `path`.
    public func serve(_ path: String, _ steps: [Step]) {
        route(path) { _ in steps }
    }

    public func shutdown() async {
        try? await channel.close()
        if ownsGroup { try? await group.shutdownGracefully() }
    }

    /// The bytes of an HTTP/1.1 response, written as given: nothing is added, checked or fixed.
    public static func response(_ statusLine: String = "HTTP/1.1 200 OK", headers: [(String, String)],
                                body: [UInt8] = []) -> [UInt8] {
        var head = statusLine + "\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    /// A complete, honest answer with Content-Length and `Connection: close`, then a close.
    public static func plain(_ status: String = "200 OK", contentType: String = "application/rss+xml; charset=utf-8",
                             extraHeaders: [(String, String)] = [], body: [UInt8]) -> [Step] {
        let headers = [("Content-Type", contentType)] + extraHeaders
            + [("Content-Length", String(body.count)), ("Connection", "close")]
        return [.send(response("HTTP/1.1 \(status)", headers: headers, body: body)), .close]
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        static let maxRequestBytes = 64 * 1024
        let state: NIOLockedValueBox<State>
        var buffer: [UInt8] = []
        var answering = false

        init(state: NIOLockedValueBox<State>) { self.state = state }

        func channelActive(context: ChannelHandlerContext) {
            state.withLockedValue { $0.connections += 1 }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var chunk = unwrapInboundIn(data)
            guard !answering else { return }
            buffer += chunk.readBytes(length: chunk.readableBytes) ?? []
            guard let end = Self.headEnd(buffer) else {
                if buffer.count > Self.maxRequestBytes { context.close(promise: nil) }
                return
            }
            let request = Self.parse(Array(buffer[..<end]))
            buffer = Array(buffer[(end + 4)...])
            let script = state.withLockedValue { state -> Script? in
                state.requests.append(request)
                return state.scripts[request.path]
            }
            let steps = script?(request) ?? RawHTTPServer.plain("404 Not Found", contentType: "text/plain", body: Array("not found".utf8))
            answering = true
            Runner(context: context, handler: self, steps: steps[...]).next()
        }

        /// The script is over without a close or hang: read the next request on this connection.
        func scriptEnded() { answering = false }

        static func headEnd(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
                return i
            }
            return nil
        }

        static func parse(_ head: [UInt8]) -> Request {
            let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
            let parts = (lines.first ?? "").split(separator: " ", omittingEmptySubsequences: true)
            let headers = lines.dropFirst().compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return Request(method: parts.first.map(String.init) ?? "", path: parts.count > 1 ? String(parts[1]) : "", headers: headers)
        }
    }

    /// Plays a script on the connection's event loop, one step after the previous write completed.
    private final class Runner: @unchecked Sendable {
        let context: ChannelHandlerContext
        let handler: Handler
        var steps: ArraySlice<Step>

        init(context: ChannelHandlerContext, handler: Handler, steps: ArraySlice<Step>) {
            self.context = context
            self.handler = handler
            self.steps = steps
        }

        func write(_ bytes: [UInt8], then: @escaping @Sendable () -> Void) {
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.writeAndFlush(NIOAny(buffer)).whenComplete { result in
                if case .success = result { then() }
            }
        }

        func later(_ milliseconds: Int64, _ body: @escaping @Sendable () -> Void) {
            context.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) { body() }
        }

        func next() {
            guard context.channel.isActive else { return }
            guard let step = steps.popFirst() else {
                handler.scriptEnded()
                return
            }
            switch step {
            case .send(let bytes):
                write(bytes) { self.next() }
            case .trickle(let bytes, let ms):
                guard let first = bytes.first else { return next() }
                write([first]) {
                    self.steps.insert(.trickle(Array(bytes.dropFirst()), milliseconds: ms), at: self.steps.startIndex)
                    self.later(ms) { self.next() }
                }
            case .trickleForever(let byte, let ms):
                write([byte]) {
                    self.steps.insert(step, at: self.steps.startIndex)
                    self.later(ms) { self.next() }
                }
            case .pause(let ms):
                later(ms) { self.next() }
            case .close:
                context.close(promise: nil)
            case .hang:
                return
            }
        }
    }
}
