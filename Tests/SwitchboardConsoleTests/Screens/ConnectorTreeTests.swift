import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The connector's tree of resources and actions: an action id longer than its place ends in
/// `…`, and the request column after it always keeps a space between them — at 80, 120 and 200
/// columns, with and without a scrollbar.
@Suite("Connector tree with long action ids")
struct ConnectorTreeTests {
    static let longID = "createCompositeTreeOfAccountsAndContactsWithAVeryLongNameThatNoTerminalColumnCouldEverHoldWhole"

    /// Salesforce with one action renamed to `longID`.
    static func connector() -> ConnectorManifest {
        var salesforce = ConnectorCatalog.load(userDirectories: []).catalog.connector(id: "salesforce")!
        salesforce.resources[0].actions[0].id = longID
        return salesforce
    }

    @Test("a long id ends in …, and a space always separates it from the request column", arguments: [80, 120, 200])
    func noCollision(width: Int) throws {
        for height in [24, 60] {
            let console = makeConsole(size: Size(width: width, height: height))
            let connector = Self.connector()
            console.model.screens.append(ConnectorScreen(connector: connector))
            let action = connector.resources[0].actions[0]
            let request = action.method + " "
            let row = try #require(console.screen.row(containing: String(Self.longID.prefix(30))), "\(console.text)")
            let line = console.screen.text(row: row)
            if CharacterWidth.of(line) < Self.longID.count + action.name.count + request.count + 4 {
                #expect(line.contains("…"), "cut with an ellipsis at \(width)×\(height): \(line)")
            }
            let start = try #require(line.range(of: request), "the request column is there at \(width)×\(height): \(line)")
            #expect(line[..<start.lowerBound].hasSuffix(" "), "a space before the request at \(width)×\(height): \(line)")
        }
    }
}
