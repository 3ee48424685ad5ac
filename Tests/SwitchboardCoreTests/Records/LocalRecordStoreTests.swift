import Foundation
import SwitchboardCore
import Testing

/// The tenant's own records: import upserts, edits bump the modified time, bad input is refused.
@Suite("Local records")
struct LocalRecordStoreTests {
    func withStore(_ body: (LocalRecordStore, Tenant, URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbrec-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SwitchboardStore.open(folder: DataFolder(url: folder))
        let tenant = try TenantStore(store: store).create(name: "acme")
        try body(LocalRecordStore(store: store), tenant, folder)
    }

    @Test("import creates, then updates by id or by email, and reports unchanged ones")
    func upsert() throws {
        try withStore { records, tenant, folder in
            let file = folder.appendingPathComponent("c.csv")
            try "id,contact_email,contact_first_name\nc1,ada@example.com,Ada\n,bob@example.com,Bob\n".write(to: file, atomically: true, encoding: .utf8)
            let first = try records.importRecords(try RecordReader.read(path: file.path, object: .contact), object: .contact, tenantID: tenant.id, file: file.path)
            #expect(first.created == ["c1", "contact-1"])
            try "contact_email,contact_first_name\nBOB@example.com,Robert\nada@example.com,Ada\n".write(to: file, atomically: true, encoding: .utf8)
            let second = try records.importRecords(try RecordReader.read(path: file.path, object: .contact), object: .contact, tenantID: tenant.id, file: file.path)
            #expect(second.updated == ["contact-1"], "Bob found by email, case-insensitively")
            #expect(second.unchanged == ["c1"])
            #expect(try records.get("contact-1", tenantID: tenant.id)?.value("contact_first_name") == "Robert")
            #expect(try records.count(tenantID: tenant.id) == 2)
        }
    }

    @Test("a record without id or email is rejected with a reason; the others are taken")
    func rejects() throws {
        try withStore { records, tenant, folder in
            let file = folder.appendingPathComponent("c.jsonl")
            try """
            {"contact_email": "ada@example.com"}
            {"contact_first_name": "Nobody"}
            {"contact_email": "not-an-email"}
            """.write(to: file, atomically: true, encoding: .utf8)
            let read = try RecordReader.readSettingAside(path: file.path, object: .contact)
            #expect(read.rejected.count == 1 && read.rejected[0].line == 3, "the bad email is set aside with its line")
            let report = try records.importRecords(read.records, object: .contact, tenantID: tenant.id, file: file.path)
            #expect(report.created.count == 1)
            #expect(report.rejected.count == 1 && report.rejected[0].message.contains("no id and no contact_email"))
        }
    }

    @Test("an edit bumps the modified time; field= clears; a bad value is refused")
    func edits() throws {
        try withStore { records, tenant, _ in
            let created = try records.insert(JSONObject([("contact_email", "ada@example.com"), ("contact_phone", "1")]), object: .contact, tenantID: tenant.id)
            Thread.sleep(forTimeInterval: 0.01)
            let changes = try LocalRecordStore.parseAssignments(["contact_first_name=Ada", "contact_phone="])
            let edited = try records.update(created.id, tenantID: tenant.id, changes: changes)
            #expect(edited.modifiedAt > created.modifiedAt)
            #expect(edited.value("contact_first_name") == "Ada" && edited.value("contact_phone") == nil)
            #expect(throws: LocalRecordError.self) { try LocalRecordStore.parseAssignments(["contact_email=nope"]) }
            #expect(throws: LocalRecordError.self) { try LocalRecordStore.parseAssignments(["id=x"]) }
            #expect(throws: LocalRecordError.self) { try records.update("contact-99", tenantID: tenant.id, changes: changes) }
            #expect(try records.delete(created.id, tenantID: tenant.id))
            #expect(try records.delete(created.id, tenantID: tenant.id) == false)
        }
    }
}
