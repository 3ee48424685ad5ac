import Foundation
import SwitchboardCore

/// Everything the handlers share: the store, the token book, the limits, the options and the
/// URL the server listens on (known once it is bound).
final class SandboxState: Sendable {
    let store: SandboxStore
    let tokens = TokenBook()
    let salesforceCursors = SalesforceCursors()
    let alloy = AlloyBook()
    let limits: LimitsState
    let autoApprove: Locked<Bool>
    let tokenTTL: Locked<Double>
    let codeTTL: Double
    let maxBodyBytes: Int
    let logRequests: Bool
    private let base = Locked("http://127.0.0.1")
    /// The newest requests answered ("METHOD /path STATUS"), at most `requestLogLimit`, for
    /// `GET /admin/requests` (tests prove a preview sent nothing).
    let requestLog = Locked<[String]>([])
    static let requestLogLimit = 10_000

    /// Notes one answered request.
    func logRequest(_ line: String) {
        requestLog.withLock { log in
            log.append(line)
            if log.count > Self.requestLogLimit { log.removeFirst(log.count - Self.requestLogLimit) }
        }
    }

    init(store: SandboxStore, configuration c: SandboxConfiguration) {
        self.store = store
        limits = LimitsState(rules: c.rateLimits, faults: c.faults, latencyMilliseconds: c.latencyMilliseconds)
        autoApprove = Locked(c.autoApprove)
        tokenTTL = Locked(c.tokenTTL)
        codeTTL = c.codeTTL
        maxBodyBytes = c.maxBodyBytes
        logRequests = c.logRequests
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    var baseURL: String {
        get { base.withLock { $0 } }
        set { base.withLock { $0 = newValue } }
    }

    /// A fresh correlation id in HubSpot's format (a UUID).
    static func correlationID() -> String { UUID().uuidString.lowercased() }
}
