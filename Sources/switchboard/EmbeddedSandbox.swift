import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// `switchboard --sandbox`: the sandbox CRM started in-process on a free loopback port, the
/// built-in connectors pointed at it through override manifests (the same mechanism a user's
/// `--connectors-dir` uses), and a demo tenant. Nothing real is contacted.
///
/// Its data lives in `$SWITCHBOARD_HOME/sandbox/` (CRM records in `crm.sqlite`, seeded with demo
/// data on first use), apart from real tenants and credentials.
struct EmbeddedSandbox {
    let server: SandboxServer
    let manifests: URL
    let home: DataFolder

    static func start(environment: [String: String]) throws -> EmbeddedSandbox {
        let home = DataFolder(url: DataFolder.resolve(environment: environment).url.appendingPathComponent("sandbox"))
        do { try home.prepare() } catch { throw CLIError(error.description) }
        let dataFile = home.url.appendingPathComponent("crm.sqlite")
        let server: SandboxServer
        do {
            server = try runBlocking {
                try await SandboxServer.start(SandboxConfiguration(dataFile: dataFile, seedDemo: true, autoApprove: false))
            }
        } catch {
            throw CLIError("cannot start the sandbox: \(error)")
        }
        let manifests = home.url.appendingPathComponent("connectors")
        do {
            try? FileManager.default.removeItem(at: manifests)
            try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
            _ = try SandboxManifests.write(to: manifests, baseURL: server.baseURL)
        } catch {
            throw CLIError("cannot write the sandbox's connector overrides in \(manifests.path): \(error)")
        }
        let sandbox = EmbeddedSandbox(server: server, manifests: manifests, home: home)
        try sandbox.ensureDemoTenant()
        return sandbox
    }

    /// The sandbox's own store (tenants and credentials of the sandbox session).
    func store() throws -> SwitchboardStore {
        do { return try SwitchboardStore.open(folder: home) } catch { throw CLIError(error.description) }
    }

    /// Creates the `demo` tenant on first use.
    func ensureDemoTenant() throws {
        let tenants = TenantStore(store: try store())
        do {
            if try tenants.find("demo") == nil { _ = try tenants.create(name: "demo", externalID: "demo-tenant") }
        } catch {
            throw CLIError(error.description)
        }
    }

    func stop() {
        let server = self.server
        _ = try? runBlocking { await server.stop() }
    }
}
