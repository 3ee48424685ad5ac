import Foundation
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCore

/// Issue 18's fuzz suite, files: mutated connector manifests, mapping documents and record files
/// (CSV, JSON Lines) through the entry points the CLI uses (`connectors validate`, `mapping set`
/// and `mapping check`, `records import`). None may crash, take longer than a bound per input,
/// grow memory past a bound, print control characters in its refusal, or write after refusing.
/// The seed is fixed (`SWITCHBOARD_FUZZ_SEED`); `SWITCHBOARD_FUZZ_ITERATIONS` multiplies the inputs.
@Suite("Fuzz: manifests, mappings and record files", .serialized)
struct FileInputFuzzTests {
    /// Seconds one input may take (a debug build on a loaded CI machine).
    static let perInputBound = 5.0
    /// Bytes the process may grow while a kind runs.
    static let memoryBound = 768 << 20

    static let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    /// A refusal as printed: one line per problem, no raw control characters (a tab or a line
    /// break between problems is the message's own layout).
    static func printable(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test("mutated manifests: each is loaded or refused with problems naming the file; a loaded one builds its requests")
    func manifests() throws {
        var mutator = Mutator(FuzzBudget.generator("manifests"))
        let documents = ConnectorCatalog.builtInDocuments.sorted { $0.key < $1.key }.map(\.value)
        let memory = PeakMemory()
        var tally = FuzzTally(kind: "manifests")
        for i in 0..<FuzzBudget.iterations(60) {
            var document = mutator.pick(documents)
            // Half are standalone user manifests, half override a built-in (merged first).
            if i % 2 == 0, case .object(var o) = document { o["id"] = .string("fuzz-\(i)"); document = .object(o) }
            let bytes = i % 4 == 3 ? mutator.bytes(Array(JSONWriter.compact(document).utf8)) : Array(JSONWriter.compact(mutator.json(document)).utf8)
            let file = "/tmp/fuzz-manifest-\(i).json"
            tally.run {
                let result = ManifestValidator.validate(data: Data(bytes), file: file, source: .user(path: file), builtIns: ConnectorCatalog.builtInDocuments)
                guard let manifest = result.manifest else {
                    #expect(!result.problems.isEmpty, "input \(i): refused without a problem")
                    for p in result.problems {
                        #expect(p.description.hasPrefix(file), "input \(i): \(p.description.terminalSafe)")
                        #expect(Self.printable(p.description), "input \(i): control characters in \(p.description.terminalSafe)")
                    }
                    return true
                }
                // A manifest that loads is usable: every action's request builds or says why.
                for action in manifest.allActions.prefix(12) {
                    let object = action.object ?? .contact
                    let mapping = FieldMapping.defaults(manifest, actionId: action.id)
                    let built = Result { () throws(RequestBuilder.Failure) -> PreparedRequest in
                        try RequestBuilder.build(record: .sample(object), mapping: mapping, action: action, connector: manifest, access: .notConnected,
                                                 pathValues: [:])
                    }
                    if case .failure(let failure) = built { #expect(Self.printable(String(describing: failure))) }
                }
                return false
            }
        }
        let broken = tally.finish(memory, perInput: Self.perInputBound, memoryBound: Self.memoryBound)
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test("mutated mapping documents: refused with the file and path, or checked; a mapping that passes maps a record within bounds; nothing is saved when refused")
    func mappings() async throws {
        let w = try await TestWorkspace.make("fuzzmap")
        defer { Task { await w.close() } }
        var mutator = Mutator(FuzzBudget.generator("mappings"))
        let actions: [(ConnectorManifest, ActionSpec)] = Self.catalog.connectors.flatMap { c in
            c.allActions.filter { $0.operation == .create && !$0.isBatch }.prefix(2).map { (c, $0) }
        }
        let memory = PeakMemory()
        var tally = FuzzTally(kind: "mappings")
        let folder = w.folder.appendingPathComponent("mappings")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for i in 0..<FuzzBudget.iterations(80) {
            let (connector, action) = mutator.pick(actions)
            let seed = FieldMappingCodec.encode(.defaults(connector, actionId: action.id))
            let bytes = i % 4 == 3 ? mutator.bytes(Array(JSONWriter.pretty(seed).utf8)) : Array(JSONWriter.pretty(mutator.json(seed)).utf8)
            let path = folder.appendingPathComponent("m\(i).json").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let versions = { try w.workspace.stores().mappings.versions(tenantID: w.tenant.id, connectorID: connector.id, actionID: action.id).count }
            let versionsBefore = try versions()
            try tally.run {
                // `mapping set FILE`: loaded, checked, saved only when every check passes.
                let saved = Result { () throws(WorkspaceError) in
                    try w.workspace.setMapping(file: path, connector: connector.id, action: action.id, tenant: w.tenant, note: "fuzz").mapping
                }
                let mapping: FieldMapping
                switch saved {
                case .success(let m): mapping = m
                case .failure(let error):
                    #expect(error.message.contains(path), "input \(i): \(error.message.terminalSafe)")
                    #expect(Self.printable(error.message), "input \(i): \(error.message.terminalSafe)")
                    let after = try versions()
                    #expect(after == versionsBefore, "input \(i): saved after refusing")
                    return true
                }
                #expect(try versions() == versionsBefore + 1)
                #expect(try w.workspace.targetProblems(mapping).isEmpty)
                // `preview`: the mapped body of a sample record, validated.
                let built = Result { () throws(RequestBuilder.Failure) -> PreparedRequest in
                    try RequestBuilder.build(record: .sample(action.object ?? .contact), mapping: mapping, action: action, connector: connector,
                                             access: .notConnected, pathValues: [:])
                }
                if case .success(let request) = built, let body = request.body {
                    #expect(JSONWriter.compact(body).utf8.count < 4 << 20, "input \(i): a body far larger than its mapping")
                }
                return false
            }
        }
        let broken = tally.finish(memory, perInput: Self.perInputBound, memoryBound: Self.memoryBound)
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test("mutated CSV and JSON Lines: records import keeps the good records, names file:line for the rest, stores no control characters, and stores nothing when the file is refused")
    func recordFiles() async throws {
        let w = try await TestWorkspace.make("fuzzrec")
        defer { Task { await w.close() } }
        var mutator = Mutator(FuzzBudget.generator("records"))
        let store = try w.workspace.stores().records
        let contacts = (1...6).map { n in
            UniversalRecord(id: "c\(n)", object: .contact, fields: JSONObject([
                ("contact_email", .string("p\(n)@example.com")), ("contact_first_name", .string("Ana \(n)")), ("contact_last_name", "Lee"),
                ("contact_phone", "+1 555 0100"), ("lifetime_value", .number(Double(n) * 10.5)),
            ]))
        }
        let jsonl = contacts.map { r in JSONWriter.compact(.object(JSONObject([("id", .string(r.id ?? ""))] + r.fields.map { ($0.key, $0.value) }))) }
            .joined(separator: "\n") + "\n"
        let csv = "id,contact_email,contact_first_name,contact_last_name,contact_phone\n"
            + contacts.map { r in [r.id ?? "", r.value("contact_email")?.stringValue ?? "", "\"\(r.value("contact_first_name")?.stringValue ?? "")\"", "Lee", "+1 555 0100"].joined(separator: ",") }
            .joined(separator: "\n") + "\n"
        let folder = w.folder.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let memory = PeakMemory()
        var tally = FuzzTally(kind: "record files")
        for i in 0..<FuzzBudget.iterations(120) {
            let isCSV = i % 2 == 0
            let path = folder.appendingPathComponent("r\(i)" + (isCSV ? ".csv" : ".jsonl")).path
            _ = FileManager.default.createFile(atPath: path, contents: Data(mutator.bytes(Array((isCSV ? csv : jsonl).utf8))))
            let before = try store.list(tenantID: w.tenant.id)
            try tally.run {
                // `records import FILE`, as the command does it.
                let read: (records: [UniversalRecord], invalid: [RecordFileError], places: [String])
                do throws(RecordFileError) {
                    read = try RecordReader.readSkippingInvalid(path: path, object: .contact)
                } catch {
                    #expect(error.description.hasPrefix(path), "input \(i): \(error.description.terminalSafe)")
                    #expect(Self.printable(error.description), "input \(i): \(error.description.terminalSafe)")
                    #expect(try store.list(tenantID: w.tenant.id) == before, "input \(i): written after refusing")
                    return true
                }
                for e in read.invalid {
                    #expect(e.description.hasPrefix(path) && e.line != nil, "input \(i): \(e.description.terminalSafe)")
                    #expect(Self.printable(e.description), "input \(i): \(e.description.terminalSafe)")
                }
                let report = try store.importRecords(read.records, object: .contact, tenantID: w.tenant.id, file: path)
                for e in report.rejected { #expect(Self.printable(e.description), "input \(i): \(e.description.terminalSafe)") }
                return !read.invalid.isEmpty || !report.rejected.isEmpty
            }
        }
        // Nothing stored holds a control character in the model's own (one-line) fields.
        for record in try store.list(tenantID: w.tenant.id) {
            for (field, value) in record.fields {
                guard UniversalField(rawValue: field) != nil, let text = value.stringValue else { continue }
                #expect(UniversalValueCheck.controlProblem(in: text, multiline: false) == nil, "\(record.id) \(field): \(text.terminalSafe)")
            }
        }
        let broken = tally.finish(memory, perInput: Self.perInputBound, memoryBound: Self.memoryBound)
        #expect(broken.isEmpty, "\(broken)")
    }
}
