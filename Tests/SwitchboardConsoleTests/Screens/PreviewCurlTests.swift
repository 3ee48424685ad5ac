import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// Issue 24's conveniences: Preview copies its request as curl, the token redacted.
@Suite("Preview: copy as curl")
struct PreviewCurlTests {
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
