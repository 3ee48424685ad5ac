import ConsoleKit
import Foundation
import SwitchboardConsole
@testable import SwitchboardCore
import Testing

/// Issue 24, finding 8: a sync pass shows its counts and elapsed time while it runs, and its
/// result says which side changed.
@Suite("Sync feedback (issue 24, finding 8)")
struct SyncFeedbackTests {
    struct Unused: Error {}

    static func sync(run: @escaping @Sendable (String, String, UniversalObject, @escaping @Sendable (SyncCounts) -> Void) async throws -> SyncReport) -> ConsoleSync {
        ConsoleSync(conflicts: { _ in [] }, plan: { _, _ in throw Unused() }, resolve: { _, _ in throw Unused() },
                    records: { _, _ in [] }, createRecord: { _, _, _ in throw Unused() }, editRecord: { _, _, _ in throw Unused() },
                    targets: { _ in [Workspace.SyncTarget(connectorID: "hubspot", connectorName: "HubSpot", object: .contact, lastRun: nil, openConflicts: 0)] },
                    runSync: { _, _, _ in throw Unused() }, runSyncReporting: run)
    }

    static func counts() -> SyncCounts {
        var c = SyncCounts()
        c.pulled = 3
        c.createdRemote = 2
        c.updatedLocal = 1
        c.requests = 4
        return c
    }

    static func report(_ counts: SyncCounts) -> SyncReport {
        SyncReport(run: SyncRun(id: "s1", tenantID: 1, connectorID: "hubspot", object: .contact, direction: .both, full: false, status: .finished,
                                counts: counts, message: nil, startedAt: testNow, finishedAt: testNow), failures: [], conflictIDs: [])
    }

    @Test("finding 8: while a pass runs the screen shows its counts and elapsed time; the result names the side that changed")
    func liveCountsAndResult() async throws {
        let (gate, open) = AsyncStream<Void>.makeStream()
        let sync = Self.sync { _, _, _, progress in
            progress(Self.counts())
            for await _ in gate { break }
            return Self.report(Self.counts())
        }
        var screen = SyncScreen(sync: sync, tenant: "acme", now: testNow)
        guard case .effect(let effect) = screen.perform("sync.run", key: .enter, pageSize: 10) else {
            Issue.record("Enter starts a pass")
            return
        }
        let pass = Task { await effect.run() }
        for _ in 0..<200 where screen.liveCounts?.pulled != 3 { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(screen.wantsClock, "the clock runs while the pass does")
        screen.clock(testNow)
        screen.clock(testNow.addingTimeInterval(12))
        var buffer = ScreenBuffer(size: Size(width: 160, height: 10))
        screen.render(in: buffer.bounds, buffer: &buffer, theme: .builtInDefault)
        let live = buffer.plainText
        #expect(live.contains("⟳ Syncing HubSpot contacts · 12 s · 3 pulled · here 0 created, 1 updated · HubSpot 2 created, 0 updated"), "\(live)")
        open.yield()
        guard case .screenMessage(let message)? = await pass.value else {
            Issue.record("the pass ends with a message")
            return
        }
        guard case .flash(let level, let text) = screen.receive(message, now: testNow) else {
            Issue.record("the result is said")
            return
        }
        #expect(level == .info)
        #expect(text.contains("Synced HubSpot contacts in") && text.contains("here 0 created, 1 updated · HubSpot 2 created, 0 updated"), "\(text)")
        #expect(!screen.wantsClock)
    }

    @Test("finding 8: a pass that changed nothing says so")
    func nothingChanged() async {
        let console = makeConsole()
        console.model.screens.append(SyncScreen(sync: Self.sync { _, _, _, _ in Self.report(SyncCounts()) }, tenant: "acme", now: testNow))
        console.press("enter")
        await console.settle()
        #expect(console.text.contains("nothing changed on either side"), "\(console.text)")
    }
}
