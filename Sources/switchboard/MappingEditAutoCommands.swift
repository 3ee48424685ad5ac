import ArgumentParser
import Foundation
import SwitchboardCore

extension MappingCommand {
    /// `mapping auto`: proposes rules (the manifest's defaults, then name similarity) and saves them with --save.
    struct Auto: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose a mapping: the connector's defaults, then universal fields whose names match the body's fields.",
            discussion: "Prints the proposed rules and why each was chosen; --save saves them as the tenant's newest version.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id.") var connector: String
        @Argument(help: "The action id.") var action: String
        @Option(help: "The tenant (needed with --save): its account's own fields (read by `schema refresh`) are offered as targets.") var tenant: String?
        @Option(name: .customLong("records"), help: ArgumentHelp("Sample records (JSON, JSON Lines or CSV): their fields are matched to the account's own fields by name or label, and picklist values to options (a lookup when they differ by case or label).", valueName: "file"))
        var records: String?
        @Flag(help: "Save the proposal as the tenant's newest version.") var save = false
        @Flag(help: "Print the proposed mapping document instead of the table.") var json = false

        func validate() throws {
            if save, tenant == nil { throw ValidationError("--save needs --tenant") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let (manifest, spec) = try workspace.requireAction(connector, action)
            let t = try tenant.map { name in try storeCall { try workspace.tenant(name) } }
            let samples = try records.map { path in Array(try storeCall { try workspace.readRecords(path: path, object: spec.object) }.prefix(1_000)) } ?? []
            let proposals = try storeCall { try workspace.proposeMapping(connector: manifest.id, action: spec.id, tenant: t, samples: samples) }
            let mapping = FieldMapping(connectorId: manifest.id, actionId: spec.id, rules: proposals.map(\.rule))
            if json {
                print(JSONWriter.pretty(FieldMappingCodec.encode(mapping)))
            } else {
                say("Proposed mapping for \(manifest.name) · \(spec.id): \(proposals.count) rules")
                say(TextTable.render(header: ["TARGET", "SOURCE", "TRANSFORMS", "WHY"], rows: proposals.map(Self.row)))
                let merged = workspace.tenantManifest(manifest, tenant: t).action(id: spec.id)?.action ?? spec
                let unmapped = MappingTarget.all(for: merged).filter { target in target.required && mapping.rule(for: target.pointer) == nil }
                if !unmapped.isEmpty { say("Required but not proposed: " + unmapped.map(\.pointer.description).joined(separator: ", ")) }
            }
            guard save, let t else {
                if !json { say("Nothing saved; add --tenant T --save to save it.") }
                return
            }
            let version = try storeCall { try workspace.saveMapping(mapping, tenant: t, note: "auto-mapped") }
            (json ? warn : say)("Saved \(t.name)'s \(manifest.id) \(spec.id) mapping as version \(version) (\(mapping.rules.count) rules)")
        }

        static func row(_ p: AutoMapper.Proposal) -> [String] {
            let source: String
            switch p.rule.source {
            case .fields(let names): source = names.joined(separator: " + ")
            case .constant(let value): source = "= " + JSONWriter.compact(value)
            }
            return [p.rule.target.description, source, p.rule.transforms.map(\.description).joined(separator: " | "), p.origin.description]
        }
    }

    /// `mapping edit`: the mapping document in $VISUAL / $EDITOR, checked before it is saved.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit a tenant's mapping document in $VISUAL or $EDITOR; it is checked before it is saved as a new version.",
            discussion: """
                Opens the tenant's current mapping (else the connector's defaults) as JSON. On save it is checked \
                like `mapping set`; with problems, each is printed with its JSON path and, on a terminal, you may edit \
                again; nothing is saved until the document is valid. The console's mapping editor (:mapping) does \
                the same interactively.
                """)
        @OptionGroup var target: TenantMappingTarget
        @Option(help: "Why it changed (kept in the history).") var note: String = ""

        func run() throws {
            let (manifest, spec, store, t, workspace) = try target.resolve()
            let current = try storeCall { try store.effective(tenantID: t.id, connector: manifest, actionID: spec.id) }
            let environment = ProcessInfo.processInfo.environment
            let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-mapping-\(manifest.id)-\(spec.id)-\(UUID().uuidString.prefix(6)).json")
            defer { try? FileManager.default.removeItem(at: file) }
            let original = JSONWriter.pretty(FieldMappingCodec.encode(current)) + "\n"
            do { try Data(original.utf8).write(to: file) } catch { throw CLIError("cannot write \(file.path): \(error.localizedDescription)") }
            while true {
                try Self.runEditor(editor, file: file)
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { throw CLIError("\(file.path): cannot read the edited file") }
                if text == original {
                    print("No change; nothing saved.")
                    return
                }
                let mapping: FieldMapping
                do {
                    mapping = try MappingDocument.load(file.path, connector: manifest.id, action: spec.id)
                } catch {
                    FileHandle.standardError.write(Data((CLIError(error).message + "\n").utf8))
                    guard isatty(STDIN_FILENO) == 1 else { throw CLIError("nothing saved: the document has problems", exitCode: 1) }
                    FileHandle.standardOutput.write(Data("Edit again? [Y/n] ".utf8))
                    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? "n"
                    guard answer.isEmpty || answer == "y" || answer == "yes" else { throw CLIError("nothing saved", exitCode: 1) }
                    continue
                }
                let version = try storeCall { try workspace.saveMapping(mapping, tenant: t, note: note.isEmpty ? "edited" : note) }
                print("Saved \(t.name)'s \(manifest.id) \(spec.id) mapping as version \(version) (\(mapping.rules.count) rules)")
                return
            }
        }

        /// Runs the editor through the shell (so `EDITOR="code -w"` works) and waits for it.
        static func runEditor(_ editor: String, file: URL) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(editor) \"$1\"", "switchboard-editor", file.path]
            do { try process.run() } catch { throw CLIError("cannot start the editor \(editor): \(error.localizedDescription)") }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CLIError("the editor \(editor) exited with status \(process.terminationStatus); nothing saved")
            }
        }
    }
}
