import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// Issue 18, finding 5: a lost or wrong master key is a clear error that says how to restore it;
/// no new key is made over credentials only the old one opens, and they are not reported valid.
@Suite("Master key checked against the data", .serialized)
struct KeyCheckTests {
    /// A second workspace over the same data folder (a new process, as the command line would be).
    func reopen(_ t: TestWorkspace, environment: [String: String] = [:]) -> Workspace {
        Workspace(WorkspaceConfiguration(folder: t.workspace.configuration.folder, environment: environment))
    }

    @Test("with a stored credential: a missing key file is refused (no new key written); another key is refused; the right one opens them")
    func lostAndWrongKey() async throws {
        try await TestWorkspace.with("sbkey", sandbox: SandboxConfiguration(rateLimits: [:])) { t in
            #expect(try t.workspace.credentials().list().count == 1)
            let keyFile = t.workspace.configuration.folder.keyFileURL
            let saved = try Data(contentsOf: keyFile)
            try FileManager.default.removeItem(at: keyFile)

            #expect(throws: WorkspaceError.self) { _ = try reopen(t).credentials().list() }
            do { _ = try reopen(t).masterKey() } catch {
                #expect(String(describing: error).contains("is missing, and 1 stored credential(s) were encrypted with it") && String(describing: error).contains("SWITCHBOARD_MASTER_KEY"), "\(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: keyFile.path), "no new key was made over the credentials")

            let other = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            do { _ = try reopen(t, environment: ["SWITCHBOARD_MASTER_KEY": other]).masterKey(); Issue.record("a wrong key was accepted") } catch {
                #expect(String(describing: error).contains("SWITCHBOARD_MASTER_KEY is not the key this data folder's credentials were encrypted with"), "\(error)")
            }

            try saved.write(to: keyFile)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
            #expect(try reopen(t).credentials().list().count == 1, "the original key opens them again")
        }
    }

    @Test("with no credential left, a lost key is replaced by a new one (nothing to lose)")
    func emptyFolderTakesANewKey() async throws {
        try await TestWorkspace.with("sbkey") { t in
            _ = try t.workspace.masterKey()
            let keyFile = t.workspace.configuration.folder.keyFileURL
            let first = try Data(contentsOf: keyFile)
            try FileManager.default.removeItem(at: keyFile)
            _ = try reopen(t).masterKey()
            #expect(try Data(contentsOf: keyFile) != first)
            _ = try reopen(t).masterKey()  // and the new key's check holds
        }
    }
}
