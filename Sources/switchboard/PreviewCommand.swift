import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard preview CONNECTOR ACTION --record FILE`: the exact request a push would send.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the exact HTTP request (body mapped and validated) a push of a record would send.",
        discussion: "Exits 0 when every record's request is valid, 1 when any has mapping problems or schema violations. The access token is always masked.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The connector id, e.g. hubspot.") var connector: String
    @Argument(help: "The action id, e.g. createContact.") var action: String
    @Option(help: ArgumentHelp("The record: a JSON object, JSON array, JSON Lines or CSV file; - for stdin.", valueName: "file")) var record: String
    @Option(help: ArgumentHelp("A mapping document to use instead of the connector's defaults.", valueName: "file")) var mapping: String?
    @Option(name: .customLong("path-param"), help: ArgumentHelp("A path parameter, e.g. contactId=123 (for updates; repeatable).", valueName: "name=value"))
    var pathParams: [String] = []
    @Option(help: "A tenant: warns when the record was already pushed, and fills an update's record id from its link.") var tenant: String?
    @Flag(help: "Print JSON: {method, url, headers, body, valid, issues, linkedTo}.") var json = false
    @Option(name: .customLong("sandbox-url"), help: ArgumentHelp("Preview against the sandbox CRM at this URL; default $SWITCHBOARD_SANDBOX_URL.", valueName: "url"))
    var sandboxURL: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let sandbox = sandboxURL ?? environment["SWITCHBOARD_SANDBOX_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let context = try AuthContext(global: global, sandboxURL: sandbox, environment: environment)
        let manifest: ConnectorManifest, spec: ActionSpec, fieldMapping: FieldMapping
        var access = RequestPreviewBuilder.Access.notConnected
        if try global.platformKind() == .alloy {
            // Through Alloy: the execute call, with the tenant's user and credential when it has them.
            let alloy = try AlloyContext(global: global, sandboxURL: sandbox, environment: environment)
            let t = try tenant.map { try alloy.cli.tenant($0) }
            let target = try alloy.target(connector: connector, action: action, tenant: t, mappingFile: mapping, requireCredential: false)
            manifest = target.manifest
            spec = target.action
            fieldMapping = target.mapping
            access = target.previewAccess
        } else {
        manifest = try context.manifest(connector)
        guard let found = manifest.action(id: action)?.action else {
            throw CLIError("\(manifest.id) has no action \"\(action)\"; known: \(manifest.allActions.map(\.id).joined(separator: ", "))")
        }
        spec = found
        if let mapping {
            fieldMapping = try MappingFile.load(mapping, connector: manifest.id, action: spec.id)
        } else if let tenant {
            let (store, t) = try MappingFile.tenantStore(tenant)
            fieldMapping = try storeCall { try store.effective(tenantID: t.id, connector: manifest, actionID: spec.id) }
        } else {
            fieldMapping = FieldMapping.defaults(manifest, actionId: spec.id)
        }
        }
        let records: [UniversalRecord]
        do { records = try RecordReader.read(path: record, object: spec.object) } catch { throw CLIError(error.description, prefixed: false) }
        var values: [String: String] = [:]
        for pair in pathParams {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw CLIError("--path-param \(pair): expected name=value") }
            values[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        var allValid = true
        var outputs: [JSONValue] = []
        let links: (UniversalRecord) throws -> String? = try tenant.map { name in
            let cli = try CLIStore()
            let t = try cli.tenant(name)
            let journal = PushJournal(store: cli.store)
            return { r in try r.localKey.flatMap { key in try storeCall { try journal.link(tenantID: t.id, connectorID: manifest.id, object: r.object, localID: key) } } }
        } ?? { _ in nil }
        for (i, r) in records.enumerated() {
            let preview: RequestPreview
            let linked = try links(r)
            var recordValues = values
            if let linked, let parameter = spec.pathParameters.first, recordValues[parameter] == nil { recordValues[parameter] = linked }
            do { preview = try RequestPreviewBuilder.build(record: r, mapping: fieldMapping, action: spec, connector: manifest, access: access, pathValues: recordValues) }
            catch { throw CLIError(error.description) }
            // An update of a linked record: what it changes in the CRM's current record.
            var changes: Result<[FieldChange], UpdateDiff.Failure>?
            if spec.operation == .update, let object = spec.object, let tenant, let remote = spec.pathParameters.first.flatMap({ recordValues[$0] }) {
                changes = try currentDiff(UpdateDiff(connector: manifest, object: object, mapping: fieldMapping), record: r, remoteID: remote,
                                          tenant: tenant, context: context)
            }
            allValid = allValid && preview.isValid
            let issues = preview.mappingIssues.map(\.description) + preview.violations.map(\.description)
            if json {
                var o = JSONObject([("method", .string(preview.method)), ("url", .string(preview.url))])
                o["headers"] = .object(JSONObject(preview.displayHeaders.map { ($0.name, JSONValue.string($0.value)) }))
                o["body"] = preview.body ?? .null
                o["valid"] = .bool(preview.isValid)
                o["issues"] = .array(issues.map(JSONValue.string))
                if let linked { o["linkedTo"] = .string(linked) }
                switch changes {
                case .success(let list)?:
                    o["changes"] = .array(list.map { c in .object(JSONObject([("field", .string(c.field)), ("target", .string(c.target.description)),
                                                                              ("current", c.current ?? .null), ("new", c.new ?? .null)])) })
                case .failure(let f)?: o["changesError"] = .string(f.message)
                case nil: break
                }
                outputs.append(.object(o))
                continue
            }
            if records.count > 1 { print("── record \(i + 1)\(r.id.map { " (\($0))" } ?? "") ──") }
            if let linked, spec.operation == .create {
                print("⚠ already pushed: this record is \(manifest.name) id \(linked); a create would make a second copy (push skips it) — use an update action")
            }
            print(preview.displayText)
            print("")
            switch changes {
            case .success(let list)?:
                if list.isEmpty { print("= no change: the CRM's record has these values already") } else {
                    print("Changes to \(manifest.name)'s current record:")
                    print(TextTable.render(header: ["FIELD", "BODY", "NOW", "AFTER"], rows: list.map { c in
                        [c.field, c.target.description, c.current.map { $0.stringValue ?? JSONWriter.compact($0) } ?? "—", c.new.map { $0.stringValue ?? JSONWriter.compact($0) } ?? "—"]
                    }))
                }
                print("")
            case .failure(let f)?:
                print("⚠ cannot compare with the CRM's current record: \(f.message)")
                print("")
            case nil: break
            }
            if issues.isEmpty { print("✓ valid against \(manifest.id) \(spec.id)") } else {
                print("✗ \(issues.count) problem\(issues.count == 1 ? "" : "s"):")
                for issue in issues { print("  " + issue) }
            }
        }
        if json { print(JSONWriter.pretty(records.count == 1 ? outputs[0] : .array(outputs))) }
        if !allValid { throw ExitCode(1) }
    }

    /// Reads the CRM's current record with the tenant's credential and compares; a failure to read is reported, not fatal.
    private func currentDiff(_ diff: UpdateDiff, record: UniversalRecord, remoteID: String, tenant: String, context: AuthContext) throws -> Result<[FieldChange], UpdateDiff.Failure> {
        let cli = try CLIStore()
        let provider = CredentialProvider(catalog: context.catalog, tenants: cli.tenants, credentials: try cli.credentials(), appCredentials: context.appResolver)
        let access = CredentialAccess(provider: provider, tenant: tenant, connector: diff.connector.id)
        return try runBlocking { () -> Result<[FieldChange], UpdateDiff.Failure> in
            let credential: RequestPreviewBuilder.Access
            do { credential = try await access.access() } catch { return .failure(UpdateDiff.Failure(message: String(describing: error))) }
            do {
                let current = try await diff.fetch(remoteID: remoteID, transport: AsyncHTTPTransport.shared, access: credential)
                return .success(diff.changes(record: record, current: current))
            } catch let f as UpdateDiff.Failure {
                return .failure(f)
            } catch {
                return .failure(UpdateDiff.Failure(message: String(describing: error)))
            }
        }
    }
}
