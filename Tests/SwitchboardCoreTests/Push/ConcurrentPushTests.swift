import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// The push engine with several requests in flight: the same exactly-once promises as one at a
/// time, one token renewal for many refusals, and a cancellation that leaves nothing in doubt.
@Suite("Pushing with several requests in flight", .serialized)
struct ConcurrentPushTests {
    /// A sandbox that answers each API request after 30 ms, so requests in flight overlap.
    static let slowSandbox = SandboxConfiguration(autoApprove: true, rateLimits: [:], latencyMilliseconds: 30)

    @Test("4 requests in flight under 10 % 5xx (half after commit) and 2 % dropped connections: 3,000 contacts exactly once")
    func faultsInFlight() async throws {
        try await PushBench.with(Self.slowSandbox) { bench in
            let counting = InFlightCountingTransport(inner: FaultScheduleTransport(inner: bench.transport, sandbox: bench.sandbox.baseURL))
            let run = try bench.run(contacts(3_000, prefix: "conc"))
            let report = try await bench.executor(transport: counting, concurrency: 4).execute(run)
            #expect(report.tally.succeeded == 3_000, "\(report.tally)")
            #expect(report.recovered > 0, "writes that happened despite the error were found, not repeated")
            #expect(counting.peak > 1 && counting.peak <= 4, "requests overlapped, at most 4 at once: peak \(counting.peak)")
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == 3_000)
            #expect(inSandbox.values.filter { $0.count > 1 }.isEmpty, "no duplicates")
            let items = try bench.journal.items(run: run.id)
            #expect(Set(items.compactMap(\.remoteID)) == Set(inSandbox.values.flatMap { $0 }), "every link points at the one copy")
        }
    }

    @Test("concurrency 1 sends one request at a time")
    func oneAtATime() async throws {
        try await PushBench.with(Self.slowSandbox) { bench in
            let counting = InFlightCountingTransport(inner: bench.transport)
            let report = try await bench.executor(transport: counting, concurrency: 1).execute(try bench.run(contacts(500)))
            #expect(report.tally.succeeded == 500)
            #expect(counting.peak == 1, "peak \(counting.peak)")
        }
    }

    @Test("requests refused together with the same token renew it once, and the run goes on")
    func refusedTogether() async throws {
        try await PushBench.with(Self.slowSandbox) { bench in
            let access = CountingRenewal(first: "expired-token", renewed: bench.token)
            let counting = InFlightCountingTransport(inner: bench.transport)
            let run = try bench.run(contacts(400))
            let report = try await bench.executor(transport: counting, access: access, concurrency: 4).execute(run)
            #expect(report.tally.succeeded == 400, "\(report.tally)")
            #expect(counting.unauthorized > 1, "several requests in flight were refused: \(counting.unauthorized)")
            #expect(access.renewals == 1, "one renewal for all of them: \(access.renewals)")
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == 400 && inSandbox.values.allSatisfy { $0.count == 1 })
        }
    }

    @Test("a renewed token refused too stops the run after one renewal; resumed with a good one, every contact exactly once")
    func refusedAfterRenewal() async throws {
        try await PushBench.with(Self.slowSandbox) { bench in
            let access = CountingRenewal(first: "expired-token", renewed: "revoked-token")
            let run = try bench.run(contacts(400))
            var stop: PushStop?
            do throws(PushStop) { _ = try await bench.executor(access: access, concurrency: 4).execute(run) } catch { stop = error }
            guard case .invalidCredential? = stop else {
                Issue.record("expected INVALID_CREDENTIAL, got \(String(describing: stop))")
                return
            }
            #expect(access.renewals == 1, "renewed once, then stopped: \(access.renewals)")
            #expect(try bench.journal.run(run.id)?.status == .stopped)
            #expect(try bench.journal.tally(run: run.id).succeeded == 0)
            let resumed = try await bench.executor(concurrency: 4).execute(run)
            #expect(resumed.tally.succeeded == 400, "\(resumed.tally)")
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == 400 && inSandbox.values.allSatisfy { $0.count == 1 })
        }
    }

    @Test("cancelled mid-run: the requests in flight finish and are recorded, nothing is left in doubt, and a resume finishes exactly once")
    func cancelMidRun() async throws {
        let slower = SandboxConfiguration(autoApprove: true, rateLimits: [:], latencyMilliseconds: 150)
        try await PushBench.with(slower) { bench in
            let run = try bench.run(contacts(3_000, prefix: "cancel"))
            let executor = bench.executor(transport: GivesUpWhenCancelled(inner: bench.transport), concurrency: 4)
            let started = Task { () -> PushStop? in
                do throws(PushStop) { _ = try await executor.execute(run); return nil } catch { return error }
            }
            // Cancel once some batches are done and others are in flight.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, try bench.journal.tally(run: run.id).succeeded < 500 { try await Task.sleep(nanoseconds: 10_000_000) }
            started.cancel()
            #expect(await started.value == .cancelled)
            #expect(try bench.journal.run(run.id)?.status == .interrupted)
            let tally = try bench.journal.tally(run: run.id)
            #expect(tally.succeeded >= 500 && tally.succeeded < 3_000, "stopped mid-run: \(tally)")
            #expect(tally.sending == 0, "every request in flight got its answer recorded: \(tally.sending) in doubt")
            // The journal and the CRM agree: what is recorded as done is there once, the queued are not.
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == tally.succeeded, "\(inSandbox.count) in the CRM, \(tally.succeeded) recorded")
            for item in try bench.journal.items(run: run.id) where item.state == .succeeded {
                let email = item.record.value("contact_email")?.stringValue ?? ""
                #expect(inSandbox[email] == [item.remoteID ?? ""], "\(email) is linked to its one copy")
            }
            let resumed = try await bench.executor(concurrency: 4).execute(run)
            #expect(resumed.tally.succeeded == 3_000, "\(resumed.tally)")
            let after = try await bench.contactsByEmail()
            #expect(after.count == 3_000 && after.values.allSatisfy { $0.count == 1 })
        }
    }
}

/// A transport that counts the requests in flight (the most at once) and the 401 answers.
final class InFlightCountingTransport: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private var current = 0
    private var most = 0
    private var refused = 0

    init(inner: any HTTPTransport) { self.inner = inner }

    var peak: Int { lock.withLock { most } }
    var unauthorized: Int { lock.withLock { refused } }

    func send(_ request: HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue {
        lock.withLock {
            current += 1
            most = max(most, current)
        }
        defer { lock.withLock { current -= 1 } }
        let response = try await inner.send(request)
        if response.status == 401 { lock.withLock { refused += 1 } }
        return response
    }
}

/// A transport that gives up on a request whose task is cancelled, as many HTTP clients do: the
/// CRM may have written it, but its answer is lost. The executor must not let a stop reach it.
final class GivesUpWhenCancelled: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport

    init(inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue {
        let response = try await inner.send(request)
        if Task.isCancelled { throw .connectionFailed(request.url, reason: "cancelled") }
        return response
    }
}

/// An access provider that starts with a token the sandbox refuses and counts its renewals,
/// each taking a while (as a real refresh does), so refusals in flight pile up behind it.
final class CountingRenewal: PushAccessProvider, @unchecked Sendable {
    let first: String
    let renewedToken: String
    private let lock = NSLock()
    private var count = 0

    init(first: String, renewed: String) {
        self.first = first
        renewedToken = renewed
    }

    var renewals: Int { lock.withLock { count } }

    func access() async throws(PushAccessError) -> AccessGrant { .init(accessToken: first) }

    func accessAfterRejection(_ rejected: AccessGrant) async throws(PushAccessError) -> AccessGrant {
        lock.withLock { count += 1 }
        try? await Task.sleep(nanoseconds: 300_000_000)
        return .init(accessToken: renewedToken)
    }
}
