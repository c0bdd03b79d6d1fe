import FeedwatchTesting
import Foundation
import PostgresStorage
import Testing
@testable import Watcher

/// Two workers' host gates on one PostgreSQL database: a Retry-After one of them is given holds
/// the other, and the per-host request slots are counted across both.
@Suite(.serialized, .enabled(if: TestPostgres.isAvailable)) struct SharedPolitenessTests {
    static func twoWorkers(_ database: TestPostgres.Database) throws -> (PostgresFeedStore, PostgresFeedStore) {
        let location = try PostgresLocation(url: database.url + "?sslmode=disable")
        return (try PostgresFeedStore(location: location, password: PostgresPassword(nil)),
                try PostgresFeedStore(location: location, password: PostgresPassword(nil)))
    }

    @Test func aRetryAfterOneWorkerIsGivenHoldsTheOtherOnThatHostOnly() async throws {
        let database = try TestPostgres.freshDatabase()
        defer { database.drop() }
        let (a, b) = try Self.twoWorkers(database)
        defer { try? a.close(); try? b.close() }
        let gateA = HostGate(perHostLimit: 2, spacing: 0.05, store: a, requestTimeout: 5)
        let gateB = HostGate(perHostLimit: 2, spacing: 0.05, store: b, requestTimeout: 5)
        // Times are measured against the hold's end, not from when a call returned: the test
        // process's one database thread is shared by every suite running at once, so a call
        // can return seconds late, while the hold is anchored to the clock.
        let until = Date().addingTimeInterval(2)
        await gateA.block("news.example", until: until)
        let asked = Date()
        #expect(try b.reserveHostSlot(host: "wire.example", spacing: 0.05, at: asked) <= asked.addingTimeInterval(0.01),
                "another host is not held")
        let slot = await gateB.acquire("news.example")
        #expect(Date() >= until.addingTimeInterval(-0.1), "B started \(until.timeIntervalSinceNow) s before the hold ended")
        await gateB.release("news.example", sharedSlot: slot)
    }

    @Test func requestSlotsAreCountedAcrossWorkers() async throws {
        let database = try TestPostgres.freshDatabase()
        defer { database.drop() }
        let (a, b) = try Self.twoWorkers(database)
        defer { try? a.close(); try? b.close() }
        let gateA = HostGate(perHostLimit: 2, spacing: 0, store: a, requestTimeout: 5)
        let gateB = HostGate(perHostLimit: 2, spacing: 0, store: b, requestTimeout: 5)
        // Worker A holds both of the host's slots for a second.
        let first = await gateA.acquire("news.example")
        let second = await gateA.acquire("news.example")
        #expect(first != nil && second != nil && first != second)
        let releaser = Task {
            try? await Task.sleep(for: .seconds(1))
            await gateA.release("news.example", sharedSlot: first)
        }
        let started = Date()
        let slot = await gateB.acquire("news.example")
        #expect(Date().timeIntervalSince(started) >= 0.8, "B got a third slot after \(Date().timeIntervalSince(started)) s")
        #expect(slot == first)
        await gateB.release("news.example", sharedSlot: slot)
        await gateA.release("news.example", sharedSlot: second)
        await releaser.value
    }
}
