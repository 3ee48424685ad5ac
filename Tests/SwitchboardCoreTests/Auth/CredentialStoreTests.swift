import Foundation
import Testing
@testable import SwitchboardCore

/// Credentials at rest: AES-GCM sealed, never in plain text in any file, shown only as ••••last4.
@Suite("Credential store")
struct CredentialStoreTests {
    static let access = "at-PLAINTEXT-ACCESS-TOKEN-0123456789"
    static let refresh = "rt-PLAINTEXT-REFRESH-TOKEN-9876543210"

    private func saved(_ home: TestHome) throws -> Credential {
        let acme = try home.tenants.create(name: "acme")
        return try home.credentials().save(
            .init(kind: .oauth2, secrets: CredentialSecrets(accessToken: Self.access, refreshToken: Self.refresh),
                  scopes: ["a", "b"], expiresAt: Date(timeIntervalSince1970: 2_000_000_000), metadata: ["instance_url": "https://x.test"]),
            tenant: acme, connectorID: "hubspot")
    }

    @Test("tokens round-trip, and no file in the data folder (db, -wal, -shm, key) contains them")
    func encryptedAtRest() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let credential = try saved(home)
        #expect(try home.credentials().secrets(of: credential) == CredentialSecrets(accessToken: Self.access, refreshToken: Self.refresh))
        let files = try home.allFileBytes().map(\.0)
        #expect(files.contains("switchboard.sqlite-wal"))
        #expect(try !home.filesContain(Self.access))
        #expect(try !home.filesContain(Self.refresh))
        #expect(try !home.filesContain("PLAINTEXT"))
        // After a checkpoint the main file holds the rows too; still sealed.
        _ = try home.store.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        #expect(try !home.filesContain("PLAINTEXT"))
        #expect(try home.filesContain("instance_url"), "non-secret metadata is stored in the clear")
    }

    @Test("the hint shows only the last four characters")
    func hint() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let credential = try saved(home)
        #expect(credential.tokenHint == "••••6789")
        #expect(Redaction.hint("short") == "••••")
        #expect(Redaction.scrub("bad token \(Self.access)!", secrets: [Self.access]) == "bad token ••••6789!")
    }

    @Test("another key cannot open the secrets")
    func wrongKey() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let credential = try saved(home)
        let other = CredentialStore(store: home.store, key: MasterKey.random())
        #expect(throws: AuthError.self) { try other.secrets(of: credential) }
    }

    @Test("a refresh without a new refresh token keeps the old one")
    func keepsRefreshToken() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let credential = try saved(home)
        let updated = try home.credentials().updateTokens(credential, secrets: CredentialSecrets(accessToken: "new-access-token-abcd"),
                                                          expiresAt: nil, scopes: nil, metadata: [:])
        #expect(try home.credentials().secrets(of: updated).refreshToken == Self.refresh)
        #expect(updated.scopes == ["a", "b"])
        #expect(updated.tokenHint == "••••abcd")
        #expect(try home.credentials().find(id: credential.id)?.refreshedAt != nil)
    }

    @Test("a new login replaces the tenant's credential for that connector")
    func replaces() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let first = try saved(home)
        let acme = try home.tenants.get("acme")
        let second = try home.credentials().save(.init(kind: .oauth2, secrets: CredentialSecrets(accessToken: "another-token-xyz1"),
                                                       scopes: [], expiresAt: nil, metadata: [:]), tenant: acme, connectorID: "hubspot")
        #expect(try home.credentials().list(tenant: acme).map(\.id) == [second.id])
        #expect(first.id != second.id)
    }

    @Test("master key: file created 0600 and reused; env key used when set; bad env key is a clear error")
    func masterKey() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        #expect(DataFolder.mode(of: home.folder.keyFileURL.path) == 0o600)
        let again = try MasterKey.load(folder: home.folder, environment: [:])
        let credential = try saved(home)
        #expect(try CredentialStore(store: home.store, key: again).secrets(of: credential).accessToken == Self.access)

        let envKey = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let fromEnv = try MasterKey.load(folder: home.folder, environment: ["SWITCHBOARD_MASTER_KEY": envKey])
        #expect(throws: AuthError.self) { try CredentialStore(store: home.store, key: fromEnv).secrets(of: credential) }
        #expect(throws: AuthError.self) { try MasterKey.load(folder: home.folder, environment: ["SWITCHBOARD_MASTER_KEY": "c2hvcnQ="]) }
        #expect(throws: AuthError.self) { try MasterKey.load(folder: home.folder, environment: ["SWITCHBOARD_MASTER_KEY": "!!"]) }
    }

    @Test("a key file readable by others is refused")
    func looseKeyFile() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        chmod(home.folder.keyFileURL.path, 0o644)
        #expect {
            try MasterKey.load(folder: home.folder, environment: [:])
        } throws: { error in
            (error as? AuthError)?.description.contains("chmod 600") == true
        }
    }
}
