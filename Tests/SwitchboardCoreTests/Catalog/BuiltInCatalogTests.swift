import Foundation
import Testing
@testable import SwitchboardCore

/// The bundled manifests: they load cleanly and carry the facts each CRM is known for.
@Suite("Built-in connector catalog")
struct BuiltInCatalogTests {
    static let load = ConnectorCatalog.load(userDirectories: [])
    static let crmIds = ["hubspot", "salesforce", "copper", "pipedrive", "zoho-crm"]

    @Test("every built-in manifest loads with zero problems")
    func loadsCleanly() {
        #expect(Self.load.problems.map(\.description) == [])
        #expect(Self.load.catalog.connectors.count == ConnectorCatalog.builtInManifestFiles().count)
        #expect(ConnectorCatalog.builtInManifestFiles().count >= 5)
    }

    @Test("the five CRMs are listed under category crm, sorted by name")
    func crmCategory() {
        let crm = Self.load.catalog.connectors(inCategory: "crm").map(\.id)
        for id in Self.crmIds { #expect(crm.contains(id)) }
        let names = Self.load.catalog.connectors.map { $0.name.lowercased() }
        #expect(names == names.sorted())
        #expect(Self.load.catalog.categories.contains("sales-crm"))
    }

    /// The objects each CRM has: contacts, companies and deals everywhere; leads where the CRM
    /// has them (not HubSpot, whose leads need an associated record); activities everywhere;
    /// tickets or cases at HubSpot, Salesforce and Zoho.
    static let objects: [String: [UniversalObject]] = [
        "hubspot": [.contact, .company, .deal, .activity, .ticket],
        "salesforce": UniversalObject.allCases, "zoho-crm": UniversalObject.allCases,
        "copper": [.contact, .company, .deal, .lead, .activity], "pipedrive": [.contact, .company, .deal, .lead, .activity],
    ]

    @Test("every request schema of the built-in manifests compiles (loading the catalog defers it to first use)")
    func schemasCompile() throws {
        var compiled = 0
        for manifest in Self.load.catalog.connectors where manifest.source == .builtIn {
            for action in manifest.allActions {
                guard let schema = action.requestSchema else { continue }
                do { _ = try JSONSchema(compiling: schema.document) } catch {
                    Issue.record("\(manifest.id) \(action.id): \(error.problems.map { "\($0.pointer.displayString): \($0.reason)" })")
                }
                compiled += 1
            }
        }
        #expect(compiled > 100, "\(compiled) schemas")
    }

    @Test("each CRM can create and update each of its objects, and sync each of them", arguments: crmIds)
    func coreActions(id: String) throws {
        let m = try #require(Self.load.catalog.connector(id: id))
        for object in Self.objects[id] ?? [] {
            #expect(m.actions(for: object, .create).contains { !$0.isBatch }, "\(id) has no single create for \(object)")
            #expect(m.actions(for: object, .update).contains { !$0.isBatch }, "\(id) has no single update for \(object)")
            // Pipedrive's v1 leads list has no changed-since filter: leads there are pushed, not synced.
            if !(id == "pipedrive" && object == .lead) {
                let sync = try #require(m.syncObject(for: object), "\(id) cannot sync \(object)")
                #expect(m.action(id: sync.actionId) != nil)
            }
            #expect(!m.defaultMappings.filter { $0.object == object }.isEmpty, "\(id) has no default mappings for \(object)")
        }
        #expect(m.auth.oauth2 != nil)
        #expect(m.errors.contains { $0.code == .invalidCredential })
        #expect(m.errors.contains { $0.code == .rateLimitExceeded })
        #expect(m.errors.last?.code == .providerError, "a catch-all rule comes last")
    }

    @Test("every error rule's example matches that rule first")
    func errorExamples() {
        for m in Self.load.catalog.connectors {
            for rule in m.errors {
                guard let example = rule.example else { continue }
                let first = m.errorRule(status: rule.status ?? 400, body: example)
                #expect(first == rule, "\(m.id): example for \(rule.code) is caught by an earlier rule")
            }
        }
    }
}
