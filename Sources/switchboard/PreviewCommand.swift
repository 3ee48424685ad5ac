import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard preview CONNECTOR ACTION --record FILE`: the exact request a push would send.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the exact HTTP request (body mapped and validated) a push of a record would send.",
        discussion: "Exits 0 when every record's request is valid, 1 when any has mapping problems or schema violations. The access token is always masked.")
    @OptionGroup var options: WorkspaceOptions
    @Argument(help: "The connector id, e.g. hubspot.") var connector: String
    @Argument(help: "The action id, e.g. createContact.") var action: String
    @Option(help: ArgumentHelp("The record: a JSON object, JSON array, JSON Lines or CSV file; - for stdin.", valueName: "file")) var record: String
    @Option(help: ArgumentHelp("A mapping document to use instead of the connector's defaults.", valueName: "file")) var mapping: String?
    @Option(name: .customLong("path-param"), help: ArgumentHelp("A path parameter, e.g. contactId=123 (for updates; repeatable).", valueName: "name=value"))
    var pathParams: [String] = []
    @Option(help: "A tenant: warns when the record was already pushed, and fills an update's record id from its link.") var tenant: String?
    @Flag(help: "Print JSON: {method, url, headers, body, valid, issues, linkedTo}.") var json = false

    func run() async throws {
        let workspace = try options.open()
        let t = try tenant.map { try workspace.tenant($0) }
        let target = try await workspace.pushTarget(connector: connector, action: action, tenant: t, mappingFile: mapping, requireCredential: false)
        let manifest = target.manifest, spec = target.action
        let records = try workspace.readRecords(path: record, object: spec.object)
        guard !records.isEmpty else { throw CLIError("\(record.terminalSafe): no records to preview (a CSV with its header row only, or an empty list)") }
        let plan = try workspace.pushPlan(target, records: records, tenant: t)
        var values: [String: String] = [:]
        for pair in pathParams {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw CLIError("--path-param \(pair): expected name=value") }
            values[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        var allValid = true
        var outputs: [JSONValue] = []
        for (i, entry) in plan.entries.enumerated() {
            let r = entry.record
            let preview: PreparedRequest
            let linked = entry.linkedID
            do { preview = try plan.request(for: entry, access: target.previewAccess, pathValues: values) } catch { throw CLIError(error.description) }
            // An update of a linked record: what it changes in the CRM's current record.
            var changes: Result<[FieldChange], UpdateDiff.Failure>?
            let remote = spec.pathParameters.first.flatMap { values[$0] ?? linked }
            if spec.operation == .update, spec.object != nil, t != nil, let remote {
                changes = await workspace.updateChanges(target, record: r, remoteID: remote)
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
}
