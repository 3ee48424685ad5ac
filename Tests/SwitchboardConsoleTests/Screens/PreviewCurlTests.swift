import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// Issue 24's conveniences: Preview copies its request as curl, the token redacted unless asked:
/// `T` asks first, then copies it with the tenant's live token read through the core.
@Suite("Preview: copy as curl", .serialized)
struct PreviewCurlTests {
    /// What an OSC 52 sequence puts on the clipboard.
    static func copied(_ osc: String?) -> String? {
        guard let osc, osc.hasPrefix("\u{1B}]52;c;") else { return nil }
        let base64 = osc.dropFirst("\u{1B}]52;c;".count).dropLast()
        return Data(base64Encoded: String(base64)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("T asks before copying with the live token; n copies nothing; y copies curl with acme's real token, which the screen never shows")
    func copyWithLiveToken() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let console = f.console
            let token = try await f.base.workspace.credentialProvider().validAccessToken(tenant: "acme", connector: "hubspot").value
            await f.command("tenant acme")
            await f.command("connector hubspot")
            console.press("enter", "p")
            #expect(console.model.top is PreviewScreen)
            console.press("C")
            let redacted = try #require(Self.copied(console.terminalOutput.last))
            #expect(redacted.contains("Bearer <redacted>") && !redacted.contains(token))

            let before = console.terminalOutput.count
            console.press("T")
            #expect(console.text.contains("Copy with the live token?"), "\(console.text)")
            console.press("q")
            #expect(!console.isFinished && console.text.contains("Copy with the live token?"), "every key goes to the question")
            console.press("n")
            await console.settle()
            #expect(console.terminalOutput.count == before, "nothing copied after n")
            #expect(console.text.contains("Not copied"))

            console.press("T", "y")
            await console.settle()
            let live = try #require(Self.copied(console.terminalOutput.last))
            #expect(live.contains("-H 'Authorization: Bearer \(token)'"), "\(live)")
            #expect(live.hasPrefix("curl -X POST 'http://127.0.0.1:") && live.contains("/hubspot/crm/v3/objects/contacts'"), "the sandbox's host: \(live)")
            #expect(console.text.contains("Copied request as curl with acme's live token"), "\(console.text)")
            #expect(!console.text.contains(token), "the token is never drawn")
        }
    }

    @Test("T is not offered without a tenant's credential, and says why")
    func noCredential() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let action = try #require(hubspot.action(id: "createContact")?.action)
        let console = makeConsole()
        console.model.screens.append(PreviewScreen(connector: hubspot, action: action, record: .sample(.contact)))
        console.press("T")
        #expect(console.terminalOutput.isEmpty && !console.text.contains("Copy with the live token?"))
        #expect(console.model.flash?.text.contains("select a tenant with a credential for HubSpot") == true, "\(String(describing: console.model.flash))")
    }

    @Test("C copies the request as a curl command through OSC 52 with the token redacted, and says where")
    func copyAsCurl() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let action = try #require(hubspot.action(id: "createContact")?.action)
        let console = makeConsole()
        console.model.screens.append(PreviewScreen(connector: hubspot, action: action, record: .sample(.contact)))
        console.press("C")
        let osc = try #require(console.terminalOutput.last)
        #expect(osc.hasPrefix("\u{1B}]52;c;"))
        let base64 = osc.dropFirst("\u{1B}]52;c;".count).dropLast()
        let copied = String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        #expect(copied.hasPrefix("curl -X POST '") && copied.contains("/crm/v3/objects/contacts'"), "\(copied)")
        #expect(copied.contains("Authorization: Bearer <redacted>") && copied.contains("--data-raw '{"), "\(copied)")
        #expect(console.text.contains("curl") && console.text.contains("OSC 52"), "the flash line says where:\n\(console.text)")
    }
}
