import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on a loopback address with a random port, for the Watcher's tests:
/// each test installs routes that answer like the misbehaving servers feedwatch meets in the wild.
/// (NIO's HTTP encoder keeps answers well-formed; `RawHTTPServer` writes any bytes at all.)
public final class LoopbackHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(String, String)]
        /// When the request's head and body had arrived.
        public var receivedAt = Date()
        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    public enum Reply: Sendable {
        /// A complete response.
        case respond(status: Int, headers: [(String, String)], body: [UInt8])
        /// Headers, then `total` bytes of 'x' in chunks, as fast as the client reads (a huge body).
        case stream(status: Int, headers: [(String, String)], total: Int)
        /// Accept the request and never answer.
        case hang
        /// The reply after `seconds`, without holding the server's thread meanwhile: other
        /// requests are read and answered in the meantime (real concurrency, for politeness tests).
        indirect case after(seconds: Double, Reply)
    }

    /// Requests received and not yet answered, now and at most so far: what a polite client
    /// keeps within its per-host limit.
    public var inFlight: (now: Int, most: Int) { flight.withLockedValue { ($0.now, $0.most) } }

    public typealias Route = @Sendable (Request) -> Reply

    public let group: MultiThreadedEventLoopGroup
    public let channel: Channel
    private let routes: NIOLockedValueBox<[String: Route]>
    private let log: NIOLockedValueBox<[Request]>
    private let flight: NIOLockedValueBox<Flight>

    struct Flight {
        var now = 0
        var most = 0
    }

    public var port: Int { channel.localAddress!.port! }
    public let host: String
    public func url(_ path: String) -> String { "http://\(host):\(port)\(path)" }
    public var requests: [Request] { log.withLockedValue { $0 } }
    public func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    public init(host: String = "127.0.0.1") throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let routes = NIOLockedValueBox<[String: Route]>([:])
        let log = NIOLockedValueBox<[Request]>([])
        let flight = NIOLockedValueBox(Flight())
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(routes: routes, log: log, flight: flight))
                }
            }
        self.channel = try bootstrap.bind(host: host, port: 0).wait()
        self.host = host
        self.group = group
        self.routes = routes
        self.log = log
        self.flight = flight
    }

    public func route(_ path: String, _ route: @escaping Route) {
        routes.withLockedValue { $0[path] = route }
    }

    /// A fixed answer.
    public func serve(_ path: String, status: Int = 200, headers: [(String, String)] = [], body: String) {
        let bytes = Array(body.utf8)
        route(path) { _ in .respond(status: status, headers: headers, body: bytes) }
    }

    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Writes `total` bytes chunk by chunk, each write after the previous one completed, so a
    /// client that stops reading stops the stream (backpressure) instead of filling memory.
    private final class Streamer: @unchecked Sendable {
        let context: ChannelHandlerContext
        let handler: Handler
        let total: Int
        var sent = 0
        static let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)

        init(context: ChannelHandlerContext, handler: Handler, total: Int) {
            self.context = context
            self.handler = handler
            self.total = total
        }

        func next() {
            guard sent < total, context.channel.isActive else {
                if context.channel.isActive { context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil) }
                return
            }
            var buffer = context.channel.allocator.buffer(capacity: Self.chunk.count)
            buffer.writeBytes(Self.chunk)
            sent += Self.chunk.count
            context.writeAndFlush(handler.wrapOutboundOut(.body(.byteBuffer(buffer)))).whenComplete { result in
                if case .success = result { self.next() }
            }
        }
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let routes: NIOLockedValueBox<[String: Route]>
        let log: NIOLockedValueBox<[Request]>
        let flight: NIOLockedValueBox<Flight>
        var head: HTTPRequestHead?

        init(routes: NIOLockedValueBox<[String: Route]>, log: NIOLockedValueBox<[Request]>, flight: NIOLockedValueBox<Flight>) {
            self.routes = routes
            self.log = log
            self.flight = flight
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h
            case .body: break
            case .end:
                guard let head else { return }
                let request = Request(method: "\(head.method)", path: head.uri, headers: head.headers.map { ($0.name, $0.value) })
                log.withLockedValue { $0.append(request) }
                flight.withLockedValue {
                    $0.now += 1
                    $0.most = max($0.most, $0.now)
                }
                let route = routes.withLockedValue { $0[head.uri] }
                let reply = route?(request) ?? .respond(status: 404, headers: [], body: Array("not found".utf8))
                answer(reply, context: context)
            }
        }

        func answer(_ reply: Reply, context: ChannelHandlerContext) {
            switch reply {
            case .hang:
                return
            case .after(let seconds, let later):
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(min(max(0, seconds), 3600) * 1000))) {
                    bound.value.0.answer(later, context: bound.value.1)
                }
            case .respond(let status, let headers, let body):
                var h = HTTPHeaders(headers)
                if !h.contains(name: "Content-Length") { h.add(name: "Content-Length", value: String(body.count)) }
                let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: h)
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                var buffer = context.channel.allocator.buffer(capacity: body.count)
                buffer.writeBytes(body)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                let flight = self.flight
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in flight.withLockedValue { $0.now -= 1 } }
            case .stream(let status, let headers, let total):
                var h = HTTPHeaders(headers)
                h.add(name: "Content-Type", value: "application/rss+xml")
                let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: h)
                context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
                Streamer(context: context, handler: self, total: total).next()
            }
        }
    }
}
