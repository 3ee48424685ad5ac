import Foundation
import GRDB
import SwitchboardCore

/// The sandbox Alloy account's memory: end users (kept in the sandbox's SQLite file, so a
/// restarted sandbox still knows the userIds its callers stored), credentials and authorizations
/// waiting for their callback (in memory, like the OAuth provider's tokens).
final class AlloyBook: Sendable {
    /// The API key the sandbox accepts (documented in docs/alloy.md; not a secret).
    static let demoAPIKey = "sbx-alloy-demo-key-7f3c9a1e5b2d"

    /// One end-user credential for a connector.
    struct Credential: Sendable {
        var id: String
        var userID: String
        var connector: String
        var name: String
        var type: String
        var createdMs: Int64
        var updatedMs: Int64
        var accessToken: String
        var refreshToken: String?
        /// False once revoked or deleted: executing with it answers INVALID_CREDENTIAL.
        var active = true

        var json: JSONValue {
            ["credentialId": .string(id), "name": .string(name), "type": .string(type),
             "createdAt": .string(SandboxTime.iso(createdMs)), "updatedAt": .string(SandboxTime.iso(updatedMs))]
        }
    }

    /// An OAuth authorization started by `POST /connectors/{id}/credentials`.
    struct Pending: Sendable {
        var userID: String
        var connector: String
        var redirectURI: String
        var verifier: String
        var callbackURI: String
    }

    private struct State {
        var credentials: [String: Credential] = [:]
        var order: [String] = []
        var pending: [String: Pending] = [:]
    }

    private let state = Locked(State())

    // MARK: Credentials

    func add(_ credential: Credential) {
        state.withLock { s in
            s.credentials[credential.id] = credential
            s.order.append(credential.id)
        }
    }

    /// The user's active credentials for a connector, oldest first.
    func credentials(user: String, connector: String) -> [Credential] {
        state.withLock { s in s.order.compactMap { s.credentials[$0] }.filter { $0.userID == user && $0.connector == connector && $0.active } }
    }

    func credential(_ id: String) -> Credential? { state.withLock { $0.credentials[id] } }

    /// Replaces the tokens after a refresh.
    func update(_ id: String, accessToken: String, refreshToken: String?) {
        state.withLock { s in
            s.credentials[id]?.accessToken = accessToken
            if let refreshToken { s.credentials[id]?.refreshToken = refreshToken }
            s.credentials[id]?.updatedMs = SandboxTime.nowMs()
        }
    }

    /// Marks a credential unusable (revoked at the CRM, or deleted).
    func deactivate(_ id: String) { state.withLock { $0.credentials[id]?.active = false } }

    // MARK: Pending authorizations

    func addPending(_ p: Pending) -> String {
        let id = "alloy-" + TokenBook.random(18)
        state.withLock { $0.pending[id] = p }
        return id
    }

    func takePending(_ id: String) -> Pending? { state.withLock { $0.pending.removeValue(forKey: id) } }

    static func newID(_ prefix: String) -> String {
        prefix + TokenBook.random(12).lowercased().replacingOccurrences(of: "-", with: "x").replacingOccurrences(of: "_", with: "y")
    }
}

/// End users in the sandbox store: `alloy_user (user_id, username UNIQUE, full_name, created_ms)`.
extension SandboxStore {
    /// The migration adding the table (registered in the store's migrator).
    static func migrateAlloyUsers(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE alloy_user (user_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL, created_ms INTEGER NOT NULL);
            """)
    }

    /// Creates a user; nil when the username is taken.
    func createAlloyUser(username: String, fullName: String) throws -> String? {
        try pool.write { db in
            if try String.fetchOne(db, sql: "SELECT user_id FROM alloy_user WHERE username = ?", arguments: [username]) != nil { return nil }
            // 24 hex digits, like the seed's "675987329f2bda83f0dff233".
            let id = (0..<3).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }.joined()
            try db.execute(sql: "INSERT INTO alloy_user VALUES (?, ?, ?, ?)", arguments: [id, username, fullName, SandboxTime.nowMs()])
            return id
        }
    }

    /// The user's full name, when the user exists.
    func alloyUserName(_ id: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT full_name FROM alloy_user WHERE user_id = ?", arguments: [id]) }
    }

    /// Every user, oldest first.
    func alloyUsers() throws -> [(id: String, username: String, fullName: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alloy_user ORDER BY created_ms, rowid").map { ($0["user_id"], $0["username"], $0["full_name"]) }
        }
    }
}
