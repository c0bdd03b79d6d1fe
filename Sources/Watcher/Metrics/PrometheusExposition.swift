import CoreMetrics
import Prometheus

/// One daemon's Prometheus registry and the swift-metrics factory that feeds it.
///
/// Exists so that each daemon owns its metrics: the global `MetricsSystem` is never bootstrapped,
/// so many daemons in one test process never share (or fight over) counters.
public struct PrometheusExposition: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Hands out swift-metrics handles that record into `registry`.
    public let factory: any MetricsFactory

    /// `histogramBuckets`: the buckets of each timer, by label (others get swift-prometheus's defaults).
    public init(histogramBuckets: [String: [Duration]] = [:]) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = histogramBuckets
        self.registry = registry
        self.factory = factory
    }

    /// The text format (version 0.0.4) of everything recorded so far.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
