import Foundation
import GRDB

/// Record links read and written by sync (push writes them through its journal).
extension PushJournal {
    /// Every link of a tenant × connector × object: local id → CRM id.
    public func links(tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) -> [String: String] {
        do {
            return try pool.read { db in
                var out: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT local_id, remote_id FROM record_link WHERE tenant_id = ? AND connector_id = ? AND object = ?",
                                            arguments: [tenantID, connectorID, object.rawValue]) {
                    out[row["local_id"]] = row["remote_id"]
                }
                return out
            }
        } catch { throw .database(String(describing: error)) }
    }

    /// The CRM ids of one local record, by connector.
    public func links(tenantID: Int64, object: UniversalObject, localID: String) throws(StoreError) -> [String: String] {
        do {
            return try pool.read { db in
                var out: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT connector_id, remote_id FROM record_link WHERE tenant_id = ? AND object = ? AND local_id = ?",
                                            arguments: [tenantID, object.rawValue, localID]) {
                    out[row["connector_id"]] = row["remote_id"]
                }
                return out
            }
        } catch { throw .database(String(describing: error)) }
    }

    /// Links a local record to a CRM record (replacing an older link of the local record).
    public func saveLink(tenantID: Int64, connectorID: String, object: UniversalObject, localID: String, remoteID: String) throws(StoreError) {
        let at = now().timeIntervalSince1970
        do {
            try pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO record_link VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [tenantID, connectorID, object.rawValue, localID, remoteID, at])
            }
        } catch { throw .database(String(describing: error)) }
    }
}
