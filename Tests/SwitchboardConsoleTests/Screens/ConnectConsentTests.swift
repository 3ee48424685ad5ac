import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The Connect screen's `a` / `d` under `--sandbox` (the sandbox's consent answered from the
/// console): an answer given while the login is still starting is kept and sent once the consent
/// page exists, and the steps say the authorization came from the console, not a browser.
@Suite("Connect screen: the sandbox's consent from the console")
struct ConnectConsentTests {
    /// The answers the fake consent page received.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var calls: [(url: String, approve: Bool)] = []
        func add(_ url: String, _ approve: Bool) { lock.withLock { calls.append((url, approve)) } }
        var all: [(url: String, approve: Bool)] { lock.withLock { calls } }
    }

    static let hubspot = ConnectorCatalog.load(userDirectories: []).catalog.connector(id: "hubspot")!
    static let url = "http://127.0.0.1:4010/hubspot/oauth/authorize?client_id=cid&state=s1"

    func console(_ session: LoginSession, _ answers: Answers) -> ProgramHarness<SwitchboardApp> {
        let console = makeConsole(size: Size(width: 120, height: 30))
        console.model.context.tenant = "acme"
        console.model.screens.append(ConnectScreen(connector: Self.hubspot, tenant: "acme", session: session, now: testNow,
                                                   consent: { url, approve in answers.add(url, approve); return "http://127.0.0.1:5000/oauth/callback?code=c" }))
        return console
    }

    @Test("a pressed while the login starts is kept, sent as soon as the consent page is ready, and the step says it was approved from the console")
    func approveEarly() async {
        let session = LoginSession(), answers = Answers()
        let c = console(session, answers)
        c.press("a")
        #expect(answers.all.isEmpty)
        #expect(c.text.contains("Approving in the sandbox as soon as its consent page is ready"), "\(c.text)")
        c.press("a")
        #expect(c.model.flash?.text.contains("answered already") == true, "a second a says it is taken")
        session.push(.step(.authorizationURL(Self.url)))
        session.push(.step(.waiting(deadline: testNow.addingTimeInterval(300))))
        session.push(.step(.callbackReceived(via: "browser")))
        session.finish(.failure(.cancelled))
        c.dispatch(.screenMessage(LoginSession.Event.step(.listening(redirectURI: "http://127.0.0.1:5000/oauth/callback", port: 5000))))
        await c.settle()
        #expect(answers.all.map(\.url) == [Self.url] && answers.all.first?.approve == true)
        let steps = (c.model.top as? ConnectScreen)?.steps ?? []
        #expect(steps.contains("✓ Authorization received (approved from the console)"), "\(steps)")
        #expect(!steps.contains { $0.contains("(browser)") })
    }

    @Test("a while waiting answers at once; once the login has ended, a says why it does nothing")
    func approveWaitingAndAfter() async {
        let session = LoginSession(), answers = Answers()
        let c = console(session, answers)
        c.dispatch(.screenMessage(LoginSession.Event.step(.authorizationURL(Self.url))))
        c.dispatch(.screenMessage(LoginSession.Event.step(.waiting(deadline: testNow.addingTimeInterval(300)))))
        c.press("d")
        #expect(c.pendingEffectLabels.contains("connect.consent"))
        session.finish(.failure(.providerDenied(error: "access_denied", description: nil)))
        await c.settle()
        #expect(answers.all.count == 1 && answers.all.first?.approve == false)
        c.press("a")
        #expect(answers.all.count == 1)
        #expect(c.model.flash?.text.contains("the consent is answered already") == true || c.model.flash?.text.contains("the login has ended") == true,
                "\(String(describing: c.model.flash))")
    }
}
