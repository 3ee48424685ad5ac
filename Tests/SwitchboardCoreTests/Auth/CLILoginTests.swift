import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import SwitchboardCore
import SwitchboardSandbox

/// The done-when of issue 5: `switchboard auth login hubspot --tenant acme --no-browser` against the
/// sandbox prints the URL, the scripted browser approves, the credential is stored encrypted, and
/// `auth status` shows it valid. Runs the real binary (built by `swift build --build-tests`).
@Suite("CLI login against the sandbox", .serialized)
struct CLILoginTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/switchboard")

    /// Runs the binary to completion.
    static func run(_ arguments: [String], environment: [String: String], stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func environment(home: URL, sandbox: URL) -> [String: String] {
        ["SWITCHBOARD_HOME": home.path, "SWITCHBOARD_SANDBOX_URL": sandbox.absoluteString, "HOME": home.path,
         "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    @Test("auth login hubspot --tenant acme --no-browser, then auth status shows it valid")
    func login() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: \(Self.binary.path) is missing")
            return
        }
        let sandbox = try await SandboxServer.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = environment(home: home, sandbox: sandbox.baseURL)
        do {
            let created = try Self.run(["tenants", "create", "acme"], environment: env)
            #expect(created.status == 0, "\(created.err)")
            let duplicate = try Self.run(["tenants", "create", "acme"], environment: env)
            #expect(duplicate.status == 1)
            #expect(duplicate.err.split(separator: "\n").count == 1 && duplicate.err.contains("already exists"))

            // Start the login and read its output as it comes.
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["auth", "login", "hubspot", "--tenant", "acme", "--no-browser", "--timeout", "30"]
            process.environment = env
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            let text = NIOLockedValueBox("")
            out.fileHandleForReading.readabilityHandler = { handle in
                let chunk = handle.availableData
                text.withLockedValue { $0 += String(decoding: chunk, as: UTF8.self) }
            }
            try process.run()
            var url: String?
            for _ in 0..<200 where url == nil {
                try await Task.sleep(nanoseconds: 25_000_000)
                url = text.withLockedValue { $0 }.split(separator: "\n").first { $0.contains("/oauth/hubspot/authorize?") }.map(String.init)
            }
            let printed = try #require(url, "the login printed no URL: \(text.withLockedValue { $0 })")
            #expect(printed.contains("code_challenge_method=S256"))
            try await ScriptedBrowser.authorize(printed)
            process.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
            let output = text.withLockedValue { $0 }
            #expect(process.terminationStatus == 0, "\(output)")
            #expect(output.contains("Connected HubSpot for tenant acme"))
            #expect(output.contains("credential cred_"))

            let status = try Self.run(["auth", "status", "--json"], environment: env)
            #expect(status.status == 0)
            #expect(status.out.contains(#""state": "valid""#))
            #expect(status.out.contains(#""token": "••••"#))

            // The token itself is nowhere in the data folder or the output.
            let store = try SwitchboardStore.open(folder: DataFolder(url: home))
            let key = try MasterKey.load(folder: DataFolder(url: home), environment: [:])
            let credentials = CredentialStore(store: store, key: key)
            let secrets = try credentials.secrets(of: try #require(try credentials.list().first))
            for name in try FileManager.default.contentsOfDirectory(atPath: home.path) {
                let bytes = try Data(contentsOf: home.appendingPathComponent(name))
                #expect(bytes.range(of: Data(secrets.accessToken.utf8)) == nil, "\(name)")
                #expect(bytes.range(of: Data(secrets.refreshToken!.utf8)) == nil, "\(name)")
            }
            #expect(!output.contains(secrets.accessToken) && !status.out.contains(secrets.accessToken))

            // A second login offers reuse (non-interactive: keeps it).
            let again = try Self.run(["auth", "login", "hubspot", "--tenant", "acme", "--no-browser"], environment: env)
            #expect(again.status == 0)
            #expect(again.out.contains("Kept the existing credential"))

            let logout = try Self.run(["auth", "logout", "hubspot", "--tenant", "acme"], environment: env)
            #expect(logout.status == 0, "\(logout.err)")
            #expect(logout.out.contains("Revoked"))
            let purge = try Self.run(["tenants", "delete", "acme", "--purge"], environment: env)
            #expect(purge.status == 0)
        } catch { Issue.record("\(error)") }
        await sandbox.stop()
    }

    @Test("a busy fixed port is one clear line naming the port and --port")
    func busyPort() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: \(Self.binary.path) is missing")
            return
        }
        let holder = try await LoopbackListener.start(port: 0, path: "/x", mode: .query, validate: { _ in .failure(.cancelled) })
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: home) }
        var env = ["SWITCHBOARD_HOME": home.path, "HOME": home.path, "SWITCHBOARD_HUBSPOT_CLIENT_ID": "id",
                   "SWITCHBOARD_HUBSPOT_CLIENT_SECRET": "secret-value-xyz"]
        env["PATH"] = "/usr/bin:/bin"
        _ = try Self.run(["tenants", "create", "acme"], environment: env)
        let result = try Self.run(["auth", "login", "hubspot", "--tenant", "acme", "--no-browser", "--port", String(holder.port)], environment: env)
        await holder.close()
        #expect(result.status == 1)
        let lines = result.err.split(separator: "\n")
        #expect(lines.count == 1, "\(result.err)")
        #expect(result.err.contains("port \(holder.port)") && result.err.contains("--port"))
    }
}
