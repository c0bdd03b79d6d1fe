import FeedwatchConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// `metrics_listen`: a small HTTP/1.1 server for `/metrics`, `/healthz` and `/readyz`, run beside
/// the scheduler and stopped with it.
///
/// Any local process can connect, so every connection is bounded: one request, GET only, no body,
/// at most `Limits.requestBytes` read, closed after the answer or after `Limits.lifetime`,
/// and at most `Limits.connections` open at once. A listener that cannot bind (the port is taken)
/// logs an error and leaves the daemon running: monitoring is not worth stopping the digest for.
public struct MetricsListener: Service {
    public struct Limits: Sendable {
        /// Bytes read from one connection (its whole request); past it the answer is 431.
        public var requestBytes = 8 << 10
        /// A connection is closed this long after it opened, answered or not.
        public var lifetime: TimeAmount = .seconds(5)
        /// Connections open at once; more are closed at once.
        public var connections = 32

        public init() {}
    }

    let address: ListenAddress
    let monitor: DaemonMonitor
    let logger: Logger
    let limits: Limits
    private let bound = BoundPort()

    public init(address: ListenAddress, monitor: DaemonMonitor, logger: Logger, limits: Limits = Limits()) {
        self.address = address
        self.monitor = monitor
        self.logger = logger
        self.limits = limits
    }

    /// The listener for `feedwatch run` as a service of its group: none when `metrics_listen = ""`.
    public static func services(config: WatcherConfig, state: DaemonState,
                                logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let address = config.metricsListen else { return [] }
        return [.init(service: MetricsListener(address: address, monitor: state.monitor, logger: logger))]
    }

    /// The port actually bound (port 0 asks for any free one), once bound; nil if binding failed.
    public func boundPort() async -> Int? { await bound.value() }

    public func run() async throws {
        let (monitor, limits) = (self.monitor, self.limits)
        let open = NIOLockedValueBox(0)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(ConnectionGuard(limits: limits, open: open))
                    try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                    try pipeline.addHandler(HTTPResponseEncoder())
                    try pipeline.addHandler(MonitorRequestHandler(monitor: monitor))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: address.host, port: address.port).get()
        } catch {
            logger.error("metrics_listen: cannot listen on \(address): \(error); running without /metrics, /healthz and /readyz")
            bound.resolve(nil)
            try? await gracefulShutdown()
            return
        }
        let port = channel.localAddress?.port
        bound.resolve(port)
        let shown = ListenAddress(host: address.host, port: port ?? address.port)
        logger.notice("serving /metrics, /healthz and /readyz on http://\(shown)")
        if !address.isLoopback {
            logger.warning("metrics_listen \(address) is not a loopback address: other hosts can read the metrics")
        }
        try? await gracefulShutdown()
        try? await channel.close()
        logger.info("metrics listener stopped")
    }
}

/// A value that arrives once (the bound port), awaited by any number of callers.
final class BoundPort: Sendable {
    private struct State {
        var resolved = false
        var port: Int?
        var waiters: [CheckedContinuation<Int?, Never>] = []
    }
    private let state = NIOLockedValueBox(State())

    func resolve(_ port: Int?) {
        let waiters = state.withLockedValue { s -> [CheckedContinuation<Int?, Never>] in
            guard !s.resolved else { return [] }
            s.resolved = true
            s.port = port
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    func value() async -> Int? {
        await withCheckedContinuation { continuation in
            let ready: Int?? = state.withLockedValue { s in
                if s.resolved { return .some(s.port) }
                s.waiters.append(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// Told down the pipeline when a connection sent more than it may.
struct RequestTooLarge {}

/// The first handler of every connection: counts open connections and bytes read, and closes the
/// connection at the end of its lifetime.
final class ConnectionGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let limits: MetricsListener.Limits
    let open: NIOLockedValueBox<Int>
    private var counted = false
    private var received = 0
    private var overflowed = false
    private var deadline: Scheduled<Void>?

    init(limits: MetricsListener.Limits, open: NIOLockedValueBox<Int>) {
        self.limits = limits
        self.open = open
    }

    func channelActive(context: ChannelHandlerContext) {
        let count = open.withLockedValue { n -> Int in
            n += 1
            return n
        }
        counted = true
        if count > limits.connections {
            context.close(promise: nil)
            return
        }
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: limits.lifetime) { channel.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            open.withLockedValue { $0 -= 1 }
            counted = false
        }
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !overflowed else { return }
        received += unwrapInboundIn(data).readableBytes
        if received > limits.requestBytes {
            overflowed = true
            context.fireUserInboundEventTriggered(RequestTooLarge())
            return
        }
        context.fireChannelRead(data)
    }
}

/// Answers the one request of a connection from the `DaemonMonitor`, then closes it.
final class MonitorRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let monitor: DaemonMonitor
    private var answered = false

    init(monitor: DaemonMonitor) {
        self.monitor = monitor
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered, case .head(let head) = unwrapInboundIn(data) else { return }
        answer(context, reply(to: head))
    }

    func reply(to head: HTTPRequestHead) -> MonitorReply {
        guard head.method == .GET else { return .text(405, "only GET is served here") }
        // A body is never read: the answer goes out at once and the connection closes.
        let length = head.headers["content-length"].first
        if head.headers.contains(name: "transfer-encoding") || (length != nil && length != "0") {
            return .text(413, "a request body is not accepted")
        }
        return monitor.respond(to: head.uri)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is RequestTooLarge {
            if answered { context.close(promise: nil) } else { answer(context, .text(431, "request too large")) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request the HTTP parser refused.
        if answered { context.close(promise: nil) } else { answer(context, .text(400, "bad request")) }
    }

    private func answer(_ context: ChannelHandlerContext, _ reply: MonitorReply) {
        answered = true
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: String(reply.body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Connection", value: "close")
        if reply.status == 405 { headers.add(name: "Allow", value: "GET") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: reply.body.count)
        buffer.writeBytes(reply.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        // Half-close: what the client still sends is read and dropped (closing with unread bytes
        // would reset the connection and could lose the answer) until it closes or time is up.
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(mode: .output).whenFailure { _ in channel.close(promise: nil) }
        }
    }
}
