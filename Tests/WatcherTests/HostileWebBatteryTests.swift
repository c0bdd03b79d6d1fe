import FeedwatchTesting
import Foundation
import Testing

/// The real `feedwatch` binary against a loopback web that misbehaves in every way we could
/// think of (see `HostileWeb`): absurd header values, lying lengths and encodings, a gzip bomb,
/// redirects to odd schemes, loops and private addresses, trickling and silent servers, HTTP
/// oddities, 100,000 items, deep nesting, extreme dates, and control characters in every field.
///
/// What a user must be able to count on afterwards: the process neither crashed nor hung; the
/// honest feeds of the same run reached the digest; the database is whole; `status` names what
/// went wrong with each bad feed; no log line was forged by a feed; and no request went to an
/// address the config keeps feedwatch away from. A second run on the same state must hold too
/// (no input may stop the daemon twice).
@Suite(.serialized) struct HostileWebBatteryTests {
    /// A crash or a hang is a failure, and the run is killed at this limit.
    static let hardLimit: Double = 120
    /// systemd sets this for services whose stderr goes to the journal; feedwatch then starts each
    /// line with its priority.
    static let journal = ["JOURNAL_STREAM": "8:424242"]
    /// How long an idle daemon may take to stop after SIGTERM.
    static let stopLimit: Double = 5

    @Test func onceSurvivesTheHostileWebTwiceAndTheHonestFeedsReachTheDigest() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let web = try HostileWeb()
        let dir = TempDir()
        defer { dir.remove() }
        let config = dir.file("feedwatch.toml", web.config())

        for round in 1...2 {
            let started = Date()
            let once = try ChildProcess(["once", "--all", "--config", config], environment: Self.journal)
            let ending = await once.finish(within: Self.hardLimit)
            let log = once.log
            let seconds = Int(Date().timeIntervalSince(started).rounded())
            // The honest feeds were polled, so `once` reports success (2 would mean every feed failed).
            #expect(ending == .exited(0), "run \(round): \(ending) after \(seconds) s; stderr ends:\n\(Self.tail(log))")
            Self.expectNoCrashReport(log, run: "once, run \(round)")
            Self.expectJournalLines(log, run: "once, run \(round)")
            Self.expectWholeDatabase(dir, run: "once, run \(round)")
            Self.expectHonestStoriesInDigest(dir, run: "once, run \(round)")
            try await Self.expectStatusNamesEachBadFeed(web, config: config, run: round)
            Self.expectCanariesUntouched(web, run: "once, run \(round)")
        }
        await web.shutdown()
    }

    @Test func theDaemonFinishesACycleOnTheHostileWebAndStopsCleanlyOnSigterm() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let web = try HostileWeb()
        let dir = TempDir()
        defer { dir.remove() }
        let config = dir.file("feedwatch.toml", web.config())

        let daemon = try ChildProcess(["run", "--config", config], environment: Self.journal)
        defer { daemon.signal(SIGKILL) }
        let cycled = await daemon.waitFor("cycle done", timeout: Self.hardLimit)
        #expect(cycled, "no cycle finished within \(Int(Self.hardLimit)) s (running: \(daemon.isRunning)); stderr ends:\n\(Self.tail(daemon.log))")
        daemon.signal(SIGTERM)
        let signalled = Date()
        let ending = await daemon.finish(within: 30)
        let stopping = Date().timeIntervalSince(signalled)
        let log = daemon.log
        #expect(ending == .exited(0), "after SIGTERM: \(ending); stderr ends:\n\(Self.tail(log))")
        // Idle between cycles, the daemon has nothing to drain: it stops at once.
        #expect(stopping < Self.stopLimit, "SIGTERM took \(String(format: "%.1f", stopping)) s to stop the daemon")
        #expect(log.contains("feedwatch stopped"))
        Self.expectNoCrashReport(log, run: "run")
        Self.expectJournalLines(log, run: "run")
        Self.expectWholeDatabase(dir, run: "run")
        if cycled { Self.expectHonestStoriesInDigest(dir, run: "run") }
        Self.expectCanariesUntouched(web, run: "run")
        await web.shutdown()
    }

    // MARK: - What must hold after a run

    static func expectNoCrashReport(_ log: String, run: String) {
        for sign in ["Fatal error", "runtime failure", "Program crashed", "Segmentation fault", "Illegal instruction", "Stack dump"] {
            #expect(!log.contains(sign), "\(run): stderr reports a crash (\(sign)):\n\(tail(log))")
        }
    }

    /// Every line is one feedwatch wrote, with its priority; no feed text forged one.
    static func expectJournalLines(_ log: String, run: String) {
        #expect(!log.isEmpty, "\(run): nothing logged")
        let violations = JournalLines.violations(in: log, forgeryMarker: HostileFeedBodies.forgeryMarker)
        let forged = violations.filter { $0.rule == "a line forged by input" }
        let unprefixed = violations.filter { $0.rule == "no <N> priority at the start" }
        let controls = violations.filter { $0.rule == "raw control character" }
        #expect(forged.isEmpty, "\(run): \(forged.count) forged log lines:\n\(excerpt(forged))")
        #expect(unprefixed.isEmpty, "\(run): \(unprefixed.count) lines without a priority:\n\(excerpt(unprefixed))")
        #expect(controls.isEmpty, "\(run): \(controls.count) lines with raw control characters:\n\(excerpt(controls))")
        let bidi = JournalLines.bidiLines(in: log)
        #expect(bidi.isEmpty, "\(run): \(bidi.count) lines with raw bidi overrides:\n\(bidi.prefix(5).map(JournalLines.visible).joined(separator: "\n"))")
    }

    static func expectWholeDatabase(_ dir: TempDir, run: String) {
        let path = dir.path + "/state/feedwatch.sqlite"
        do {
            let problems = try DatabaseCheck.problems(at: path)
            #expect(problems.integrity == ["ok"], "\(run): PRAGMA integrity_check: \(problems.integrity.prefix(10))")
            #expect(problems.foreignKeys == 0, "\(run): \(problems.foreignKeys) rows break foreign keys")
        } catch {
            Issue.record("\(run): cannot open \(path): \(error)")
        }
    }

    /// Every story of the three honest feeds is in today's JSON digest.
    static func expectHonestStoriesInDigest(_ dir: TempDir, run: String) {
        let digests = dir.path + "/digests"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: digests)) ?? [])
            .filter { $0.range(of: #"^\d{4}-\d{2}-\d{2}\.json$"#, options: .regularExpression) != nil }
        #expect(!files.isEmpty, "\(run): no JSON digest in \(digests)")
        var strings: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: digests + "/" + file) else { continue }
            do {
                collectStrings(try JSONSerialization.jsonObject(with: data), into: &strings)
            } catch {
                Issue.record("\(run): \(file) is not valid JSON: \(error)")
            }
        }
        for feed in HostileWeb.honestStories {
            for story in feed.stories {
                #expect(strings.contains { $0.contains(story.title) }, "\(run): '\(story.title)' (\(feed.feed)) is not in the digest")
            }
        }
    }

    static func collectStrings(_ value: Any, into strings: inout [String]) {
        if let s = value as? String { strings.append(s) }
        else if let array = value as? [Any] { for v in array { collectStrings(v, into: &strings) } }
        else if let object = value as? [String: Any] { for v in object.values { collectStrings(v, into: &strings) } }
    }

    /// `feedwatch status --json`: each bad feed's row says what went wrong; the honest ones are ok.
    static func expectStatusNamesEachBadFeed(_ web: HostileWeb, config: String, run: Int) async throws {
        let status = try ChildProcess(["status", "--json", "--config", config])
        let ending = await status.finish(within: 30)
        #expect(ending == .exited(0), "status after run \(run): \(ending); stderr: \(tail(status.log))")
        let rows = (try? JSONSerialization.jsonObject(with: Data(status.output.utf8))) as? [[String: Any]] ?? []
        #expect(!rows.isEmpty, "status after run \(run) printed no rows: \(status.output.prefix(500))")
        guard !rows.isEmpty else { return }
        for feed in web.feeds {
            guard let row = rows.first(where: { $0["url"] as? String == feed.url }) else {
                Issue.record("status after run \(run): no row for \(feed.name) (\(feed.url))")
                continue
            }
            let state = row["state"] as? String ?? "?"
            let error = row["lastError"] as? String ?? ""
            let entries = row["entries"] as? Int ?? 0
            let seen = "\(feed.name): state \(state), \(entries) entries, last error '\(JournalLines.visible(error))'"
            switch feed.expectation {
            case .sound(let titles):
                #expect(state == "ok" && entries >= titles.count, "status after run \(run): honest feed \(seen)")
            case .fails(let naming):
                let lower = error.lowercased()
                #expect(!error.isEmpty && (naming.isEmpty || naming.contains { lower.contains($0) }),
                        "status after run \(run): \(seen); expected an error naming one of \(naming)")
            case .survives:
                #expect(state == "ok" || !error.isEmpty, "status after run \(run): \(seen); neither ok nor an error")
            }
            #expect(!error.unicodeScalars.contains(where: JournalLines.isControl),
                    "status after run \(run): \(feed.name)'s error holds raw control characters: \(JournalLines.visible(error))")
        }
    }

    static func expectCanariesUntouched(_ web: HostileWeb, run: String) {
        for canary in web.canaries {
            #expect(canary.connections == 0,
                    "\(run): the canary at \(canary.host) got \(canary.connections) connections; requests: \(canary.requests.map(\.path).prefix(10))")
        }
    }

    static func tail(_ log: String, lines: Int = 25) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).map { JournalLines.visible(String($0)) }.joined(separator: "\n")
    }

    static func excerpt(_ violations: [JournalLines.Violation]) -> String {
        violations.prefix(8).map(\.description).joined(separator: "\n")
    }
}
