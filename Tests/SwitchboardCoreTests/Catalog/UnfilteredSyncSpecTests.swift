import Foundation
import Testing
@testable import SwitchboardCore

/// `updatedSince` with `"in": "none"`: a list the CRM cannot filter by change time (Pipedrive's
/// leads). Nothing is sent, so nothing where to send it may be given; a duplicate search's `since`
/// must be sent.
@Suite("Sync specs without a changed-since filter")
struct UnfilteredSyncSpecTests {
    @Test("Pipedrive's leads sync with no time in the request; a name with in: none, and a duplicate search since: none, are reported")
    func unfiltered() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let leads = try #require(catalog.connector(id: "pipedrive")?.syncObject(for: .lead))
        #expect(leads.updatedSince.location == nil && leads.paging.style == .offset)

        let problems = try AssociationReadSpecTests.hubspot { d in
            d = ManifestFixtures.set(["in": "none", "name": "since", "format": "iso8601"], at: ["syncObjects", "0", "updatedSince"][...], in: d)
        }
        #expect(problems.contains { $0.hasSuffix("/syncObjects/0/updatedSince/name: not allowed with \"in\": \"none\" (nothing is sent)") }, "\(problems)")
        let pipedrive = try #require(ConnectorCatalog.builtInManifestFiles().first { $0.lastPathComponent == "pipedrive.json" })
        var document = try JSONParser.parse(try Data(contentsOf: pipedrive))
        let index = try #require(document["duplicateSearch"]?.arrayValue?.firstIndex { $0["since"] != nil }, "a duplicate search with since")
        document = ManifestFixtures.set(["in": "none", "format": "iso8601"], at: ["duplicateSearch", String(index), "since"][...], in: document)
        let found = ManifestFixtures.validate(document).problems
        #expect(found.contains { $0.contains("/duplicateSearch/\(index)/since/in: a search's since must be sent") }, "\(found)")
    }
}
