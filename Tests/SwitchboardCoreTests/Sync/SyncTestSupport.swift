import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Sync helpers on top of `PushBench`: local records, a sync engine for HubSpot contacts, and the
/// sandbox's side (edits as a CRM user would make them, reads).
extension PushBench {
    var records: LocalRecordStore { LocalRecordStore(store: store) }
    var syncStore: SyncStore { SyncStore(store: store) }
    var queue: ConflictQueue { ConflictQueue(store: store) }

    func engine(_ object: UniversalObject = .contact) throws -> SyncEngine {
        try SyncEngine(connector: hubspot, object: object, tenantID: tenant.id, store: store, transport: transport,
                       access: StaticAccess(.init(accessToken: token)), limiter: RateLimiter(limit: nil, window: 1),
                       retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05))
    }

    func sync(_ direction: SyncDirection = .both, full: Bool = false) async throws -> SyncReport {
        // Modification times are compared; let the clock move past the last edit.
        try await Task.sleep(nanoseconds: 5_000_000)
        return try await engine().run(direction: direction, full: full)
    }

    func resolver() -> ConflictResolver {
        let token = self.token
        return ConflictResolver(store: store, catalog: catalog, transport: transport, access: { _, _ in StaticAccess(.init(accessToken: token)) })
    }

    /// Imports contacts given as (email, first name, phone).
    @discardableResult
    func importContacts(_ rows: [(String, String, String)]) throws -> RecordImportReport {
        let recs = rows.map { UniversalRecord(object: .contact, fields: JSONObject([("contact_email", .string($0.0)), ("contact_first_name", .string($0.1)),
                                                                                      ("contact_last_name", "Tester"), ("contact_phone", .string($0.2))])) }
        return try records.importRecords(recs, object: .contact, tenantID: tenant.id, file: "test")
    }

    func local(email: String) throws -> LocalRecord {
        let found = try records.find(naturalKey: email, tenantID: tenant.id, object: .contact)
        guard let first = found.first else { throw BenchError("no local record for \(email)") }
        return first
    }

    func remoteID(of localID: String) throws -> String {
        guard let id = try journal.link(tenantID: tenant.id, connectorID: "hubspot", object: .contact, localID: localID) else { throw BenchError("\(localID) not linked") }
        return id
    }

    /// Edits a HubSpot contact in the sandbox as a CRM user would (bumps its modified time).
    func editRemote(_ id: String, _ fields: [String: String]) async throws {
        try await Task.sleep(nanoseconds: 5_000_000)
        var o = JSONObject()
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { o[k] = .string(v) }
        let response = try await transport.send(HTTPRequestValue(method: "PATCH", url: sandbox.baseURL.absoluteString + "/admin/records/hubspot/contacts/\(id)",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                 body: Data(JSONWriter.compact(.object(JSONObject([("fields", .object(o))]))).utf8)))
        guard response.status == 200 else { throw BenchError("sandbox edit failed: \(response.status) \(response.text)") }
    }

    /// Edits a local record (bumps its modified time).
    func editLocal(_ id: String, _ changes: [(String, JSONValue?)]) async throws {
        try await Task.sleep(nanoseconds: 5_000_000)
        try records.update(id, tenantID: tenant.id, changes: changes)
    }

    /// A HubSpot contact's properties, read through the API.
    func remote(_ id: String) async throws -> JSONValue {
        let url = sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts/\(id)?properties=email,firstname,lastname,phone,jobtitle"
        let response = try await transport.send(HTTPRequestValue(method: "GET", url: url, headers: [HTTPHeaderField("Authorization", "Bearer \(token)")]))
        guard response.status == 200 else { throw BenchError("reading contact \(id) failed: \(response.status) \(response.text)") }
        return try JSONParser.parse(response.body)["properties"] ?? .null
    }

    /// Creates a HubSpot contact straight through the API (as if someone added it in the CRM).
    @discardableResult
    func createRemote(email: String, first: String) async throws -> String {
        let body = #"{"properties": {"email": "\#(email)", "firstname": "\#(first)", "lastname": "Remote"}}"#
        let response = try await transport.send(HTTPRequestValue(method: "POST", url: sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts",
                                                                 headers: [HTTPHeaderField("Authorization", "Bearer \(token)"), HTTPHeaderField("Content-Type", "application/json")],
                                                                 body: Data(body.utf8)))
        guard response.status == 201, let id = try JSONParser.parse(response.body)["id"]?.stringValue else { throw BenchError("create failed: \(response.text)") }
        return id
    }

    /// Local records set up and synced once: three contacts linked to the sandbox, with snapshots.
    func linkedThree() async throws -> [LocalRecord] {
        try importContacts([("ada@example.com", "Ada", "+1 555 0100"), ("bob@example.com", "Bob", "+1 555 0101"), ("cy@example.com", "Cy", "+1 555 0102")])
        let first = try await sync()
        #expect(first.run.counts.createdRemote == 3, "first sync creates the three in the CRM: \(first.run.counts)")
        return try records.list(tenantID: tenant.id, object: .contact)
    }
}
