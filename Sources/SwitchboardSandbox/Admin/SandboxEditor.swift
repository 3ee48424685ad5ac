import Foundation
import SwitchboardCore

/// Changes a record as if a CRM user had edited it in the CRM's UI: checks the fields like the
/// API would, stores the values and bumps the modified time. Used by `PATCH /admin/records/...`
/// and by `switchboard sandbox edit --data FILE`.
public struct SandboxEditor: Sendable {
    let store: SandboxStore

    init(store: SandboxStore) { self.store = store }

    /// Edits a record in the sandbox data file at `dataFile` (a sandbox need not be running).
    /// `assignments` maps field names to new values (nil clears a field). Returns the edited record as JSON text.
    public static func edit(dataFile: URL, connector: String, object: String, id: String, assignments: [String: String?]) throws(SandboxError) -> String {
        guard FileManager.default.fileExists(atPath: dataFile.path) else {
            throw .editFailed("no sandbox data file at \(dataFile.path); start one with `switchboard sandbox serve --data \(dataFile.path)`")
        }
        let store = try SandboxStore(path: dataFile.path)
        return JSONWriter.pretty(try SandboxEditor(store: store).edit(connector: connector, object: object, id: id, assignments: assignments))
    }

    /// Parses `field=value` arguments (an empty value clears the field).
    public static func parseAssignments(_ args: [String]) throws(SandboxError) -> [String: String?] {
        var out: [String: String?] = [:]
        for a in args {
            guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
                throw .editFailed("\"\(a)\" is not field=value (e.g. firstname=Ada)")
            }
            let value = String(a[a.index(after: eq)...])
            out[String(a[..<eq])] = value.isEmpty ? .some(nil) : value
        }
        if out.isEmpty { throw .editFailed("give at least one field=value") }
        return out
    }

    func edit(connector: String, object: String, id: String, assignments: [String: String?]) throws(SandboxError) -> JSONValue {
        do {
            switch connector {
            case "hubspot":
                guard let type = HubSpotObjectType.named(object) else { throw SandboxError.editFailed("unknown HubSpot object \"\(object)\"; use contacts, companies or deals") }
                guard let record = try store.get("hubspot", type.name, account: nil, id: id) else {
                    throw SandboxError.editFailed("no hubspot \(type.name) with id \(id)")
                }
                let codec = HubSpotRecordCodec(type: type, store: store, account: record.account)
                var input = JSONObject()
                for (k, v) in assignments { input[k] = v.map { JSONValue.string($0) } ?? JSONValue.null }
                let values: JSONObject
                switch codec.validate(.object(input), creating: false) {
                case .failure(let problems): throw SandboxError.editFailed(problems.map { $0.message }.joined(separator: "; "))
                case .success(let v): values = v
                }
                var changes: [String: JSONValue?] = [:]
                for (k, v) in values { changes[k] = v.stringValue == "" ? .some(nil) : v }
                return try apply(connector, type.name, id, changes, uniqueEmail: type.name == "contacts")
            case "salesforce":
                guard let standard = SalesforceObjectType.named(object) else { throw SandboxError.editFailed("unknown Salesforce object \"\(object)\"; use Contact, Account or Opportunity") }
                guard let record = try store.get("salesforce", standard.name, account: nil, id: SalesforceID.normalize(id)),
                      let type = SalesforceObjectType.named(standard.name, account: record.account, store: store) else {
                    throw SandboxError.editFailed("no Salesforce \(standard.name) with id \(id)")
                }
                var input = JSONObject()
                for (k, v) in assignments { input[k] = v.map { JSONValue.string($0) } ?? JSONValue.null }
                let store = self.store
                switch SalesforceCodec(type: type).validate(input, creating: false, existing: record.fields,
                                                            referenceExists: { (try? store.get("salesforce", "Account", account: record.account, id: $0)) != nil }) {
                case .failure(let errors): throw SandboxError.editFailed(errors.map(\.message).joined(separator: "; "))
                case .success(let v): return try apply(connector, type.name, record.id, v, uniqueEmail: false)
                }
            default:
                return try editOther(connector: connector, object: object, id: id, assignments: assignments)
            }
        } catch let e as SandboxError {
            throw e
        } catch {
            throw .editFailed("\(error)")
        }
    }

    private func apply(_ connector: String, _ object: String, _ id: String, _ changes: [String: JSONValue?], uniqueEmail: Bool) throws -> JSONValue {
        switch try store.update(connector, object, account: nil, changes: [(id, changes)], uniqueEmail: uniqueEmail) {
        case .success(let records): return Self.json(records[0])
        case .failure(.notFound): throw SandboxError.editFailed("no \(connector) \(object) with id \(id)")
        case .failure(.duplicateEmail(let other)): throw SandboxError.editFailed("another contact (id \(other)) already has that email")
        }
    }

    /// A record in the admin form: ids, account, times and raw fields.
    static func json(_ r: StoredRecord) -> JSONValue {
        ["connector": .string(r.connector), "object": .string(r.object), "id": .string(r.id), "account": .string(r.account),
         "createdAt": .string(SandboxTime.iso(r.createdMs)), "updatedAt": .string(SandboxTime.iso(r.modifiedMs)),
         "archived": .bool(r.archived), "fields": .object(r.fields)]
    }
}

import AsyncHTTPClient
import NIOCore

extension SandboxEditor {
    /// Edits a record in a running sandbox at `sandboxURL` through `PATCH /admin/records/...`.
    /// Returns the edited record as JSON text.
    public static func edit(sandboxURL: URL, connector: String, object: String, id: String, assignments: [String: String?]) async throws -> String {
        var fields = JSONObject()
        for (k, v) in assignments.sorted(by: { $0.key < $1.key }) { fields[k] = v.map { JSONValue.string($0) } ?? JSONValue.null }
        let base = sandboxURL.absoluteString.hasSuffix("/") ? String(sandboxURL.absoluteString.dropLast()) : sandboxURL.absoluteString
        let path = [connector, object, id].map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? $0 }
        var request = HTTPClientRequest(url: "\(base)/admin/records/\(path.joined(separator: "/"))")
        request.method = .PATCH
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: JSONWriter.compact(["fields": .object(fields)])))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 4 << 20)
            try await client.shutdown()
            let text = String(buffer: body)
            let json = try? JSONParser.parse(text)
            guard response.status.code == 200, let json else {
                throw SandboxError.editFailed(json?["message"]?.stringValue ?? "the sandbox answered \(response.status.code): \(text.prefix(200))")
            }
            return JSONWriter.pretty(json)
        } catch let e as SandboxError {
            throw e
        } catch {
            try? await client.shutdown()
            throw SandboxError.editFailed("cannot reach the sandbox at \(base): \(error)")
        }
    }
}
