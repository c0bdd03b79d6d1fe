#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Wall and process CPU time of a cycle's stages, for the info log: which stage a slow cycle
/// spent its time in, and whether a parallel stage kept more than one core busy (CPU over wall).
struct StageTimer {
    private var wallStart = ContinuousClock.now
    private var cpuStart = StageTimer.processCPUSeconds()
    private(set) var stages: [(name: String, wall: Double, cpu: Double)] = []

    /// Ends the current stage under `name` and starts the next.
    mutating func lap(_ name: String) {
        let wall = ContinuousClock.now - wallStart
        let cpu = Self.processCPUSeconds()
        stages.append((name, Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18, cpu - cpuStart))
        wallStart = .now
        cpuStart = cpu
    }

    /// "fetch 12.3 s (cpu 20.1 s), analysis …".
    var summary: String {
        stages.map { String(format: "%@ %.2f s (cpu %.2f s)", $0.name, $0.wall, $0.cpu) }.joined(separator: ", ")
    }

    /// CPU time of the whole process so far (every thread), in seconds.
    static func processCPUSeconds() -> Double {
        Double(clock()) / Double(CLOCKS_PER_SEC)
    }
}
