import Foundation
import GRDB

/// How often a tenant × connector × object should sync; `sync due` (from cron or a timer) runs
/// the passes whose time has come, and `sync status` shows the next run.
public struct SyncSchedule: Sendable, Equatable {
    public var tenantID: Int64
    public var connectorID: String
    public var object: UniversalObject
    public var every: TimeInterval

    /// When the next pass is due: `every` after the last run started (now when it never ran).
    public func nextRun(after lastRun: SyncRun?) -> Date {
        lastRun.map { $0.startedAt.addingTimeInterval(every) } ?? Date(timeIntervalSince1970: 0)
    }

    /// Parses `30s`, `15m`, `2h`, `1d` (a plain number is minutes).
    public static func parseInterval(_ text: String) -> TimeInterval? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = t.last, let scale = units[unit], let n = Double(t.dropLast()), n > 0 { return n * scale }
        if let n = Double(t), n > 0 { return n * 60 }
        return nil
    }

    /// `15m`, `2h`, `90s` for lists.
    public static func describe(_ every: TimeInterval) -> String {
        if every.truncatingRemainder(dividingBy: 86_400) == 0 { return "\(Int(every / 86_400))d" }
        if every.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(every / 3600))h" }
        if every.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(every / 60))m" }
        return "\(Int(every))s"
    }

    /// The table of schedules.
    public static let migrations: [StoreMigration] = [
        StoreMigration("v7-sync-schedule") { db in
            try db.execute(sql: """
                CREATE TABLE sync_schedule (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    every_seconds DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, connector_id, object)
                );
                """)
        },
    ]
}

extension SyncStore {
    /// Sets (or with nil removes) how often a tenant × connector × object syncs.
    public func setSchedule(every: TimeInterval?, tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) {
        try write { db in
            if let every {
                try db.execute(sql: "INSERT OR REPLACE INTO sync_schedule VALUES (?, ?, ?, ?)", arguments: [tenantID, connectorID, object.rawValue, every])
            } else {
                try db.execute(sql: "DELETE FROM sync_schedule WHERE tenant_id = ? AND connector_id = ? AND object = ?",
                               arguments: [tenantID, connectorID, object.rawValue])
            }
        }
    }

    /// Every schedule (of one tenant when given).
    public func schedules(tenantID: Int64? = nil) throws(StoreError) -> [SyncSchedule] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_schedule WHERE ? IS NULL OR tenant_id = ? ORDER BY tenant_id, connector_id, object",
                             arguments: [tenantID, tenantID]).compactMap { row in
                UniversalObject(rawValue: row["object"]).map {
                    SyncSchedule(tenantID: row["tenant_id"], connectorID: row["connector_id"], object: $0, every: row["every_seconds"])
                }
            }
        }
    }
}
