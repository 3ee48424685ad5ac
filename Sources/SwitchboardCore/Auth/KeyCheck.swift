import Foundation
import GRDB

/// A value sealed with the master key and kept with the data, so a lost or wrong key is found at
/// once — before a new key is made over credentials only the old one can open, and before stored
/// credentials are reported as valid when they cannot be decrypted. A data folder with no
/// credentials left takes a new key (nothing would be lost).
enum KeyCheck {
    static let migrations = [
        StoreMigration("v10-key-check") { db in
            try db.execute(sql: "CREATE TABLE key_check (id INTEGER PRIMARY KEY CHECK (id = 1), sealed BLOB NOT NULL)")
        },
    ]

    private static let plaintext = Data("switchboard master key check".utf8)
    private static let context = "switchboard.key-check.v1"

    /// What the data folder holds that only its key opens.
    private struct Held {
        var sealed: Data?
        var credentials: Int
        /// One credential's id and secret, to check a key against data from before the key check existed.
        var sample: (id: String, secret: Data)?
    }

    /// The master key of `store`'s data: loaded (or, for a data folder that holds nothing
    /// encrypted yet, made) and checked against the data. A missing or wrong key is an error that
    /// says how to restore it; nothing is created over existing credentials.
    static func verifiedKey(folder: DataFolder, environment: [String: String], store: SwitchboardStore) throws(WorkspaceError) -> MasterKey {
        let held: Held
        do {
            held = try store.pool.read { db in
                let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM key_check WHERE id = 1")
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM credential") ?? 0
                let sample = try Row.fetchOne(db, sql: "SELECT id, secret FROM credential LIMIT 1").map { (id: $0["id"] as String, secret: $0["secret"] as Data) }
                return Held(sealed: sealed, credentials: count, sample: sample)
            }
        } catch { throw WorkspaceError("cannot read the data folder's key check: \(error)") }
        let fromEnvironment = !(environment["SWITCHBOARD_MASTER_KEY"] ?? "").isEmpty
        let keyFile = folder.keyFileURL.path
        let source = fromEnvironment ? "SWITCHBOARD_MASTER_KEY" : "the key file \(keyFile)"
        if !fromEnvironment, !FileManager.default.fileExists(atPath: keyFile), held.credentials > 0 {
            throw WorkspaceError("the master key \(keyFile) is missing, and \(held.credentials) stored credential(s) were encrypted with it: "
                + "restore the key file from a backup (mode 600), or set SWITCHBOARD_MASTER_KEY to it; no new key was made")
        }
        let key: MasterKey
        do throws(AuthError) { key = try MasterKey.load(folder: folder, environment: environment) } catch { throw WorkspaceError(error.description) }
        let wrong = WorkspaceError("\(source) is not the key this data folder's credentials were encrypted with: "
            + "restore the original (from a backup of \(keyFile), or the SWITCHBOARD_MASTER_KEY used before); nothing was changed")
        if let sealed = held.sealed, (try? key.unseal(sealed, context: context)) == plaintext { return key }
        // Another key sealed the check: wrong, unless nothing it encrypted is left (then this key takes over).
        if held.sealed != nil, held.credentials > 0 { throw wrong }
        // Data from before the key check: the key must open a stored credential before the check is written.
        if let sample = held.sample, (try? key.unseal(sample.secret, context: CredentialStore.context(sample.id))) == nil { throw wrong }
        do {
            let sealed = try key.seal(plaintext, context: context)
            try store.pool.write { db in try db.execute(sql: "INSERT OR REPLACE INTO key_check (id, sealed) VALUES (1, ?)", arguments: [sealed]) }
        } catch { throw WorkspaceError("cannot write the data folder's key check: \(error)") }
        return key
    }
}
