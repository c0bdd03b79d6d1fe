import Glibc

/// A loopback port that refuses every connection for as long as this value lives: a TCP socket
/// bound to 127.0.0.1 that never listens. A port merely closed after use can be taken again at
/// once, as another process's outgoing port, and a connection to it then reaches that socket
/// (or, on a busy machine, connects to itself); a port still bound cannot be handed out.
public final class RefusingPort: @unchecked Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa -> Int32 in
                guard bind(fd, sa, length) == 0 else { return -1 }
                return getsockname(fd, sa, &length)
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw Failure.socket(code)
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    public enum Failure: Error {
        case socket(Int32)
    }
}
