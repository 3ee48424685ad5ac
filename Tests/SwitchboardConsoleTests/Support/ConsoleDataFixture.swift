import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport

/// A console over a temporary data folder with a tenant `acme`, the real mapping store, push
/// journal and credential store — and, with `sandbox: true`, a live sandbox CRM on a loopback
/// port that the catalog points at, with a minted HubSpot token stored as acme's credential.
final class ConsoleDataFixture: @unchecked Sendable {
    let base: TestWorkspace
    let console: ProgramHarness<SwitchboardApp>

    var folder: URL { base.folder }
    var store: SwitchboardStore { base.store }
    var tenant: Tenant { base.tenant }
    var catalog: ConnectorCatalog { base.catalog }
    var sandbox: SandboxServer? { base.sandbox }
    var transport: AsyncHTTPTransport? { base.sandbox == nil ? nil : base.transport }

    private init(base: TestWorkspace, console: ProgramHarness<SwitchboardApp>) {
        self.base = base
        self.console = console
    }

    static func make(sandbox withSandbox: Bool = false, connect: Bool = true, latencyMilliseconds: Int = 0,
                     size: Size = Size(width: 120, height: 36)) async throws -> ConsoleDataFixture {
        let apps: @Sendable (String) throws(AuthError) -> AppCredentials = { _ throws(AuthError) in AppCredentials(clientID: "cid", clientSecret: "csecret-xyz", source: "test") }
        let base = try await TestWorkspace.make("sb-console-data", sandbox: withSandbox ? SandboxConfiguration(autoApprove: true, rateLimits: [:], latencyMilliseconds: latencyMilliseconds) : nil,
                                                connectHubSpot: connect, apps: apps)
        let auth = ConsoleAuth.live(workspace: base.workspace, browser: .disabled, timeout: 30)
        let data = ConsoleData.live(workspace: base.workspace)
        let dependencies = Dependencies(loadTheme: { _ throws(ThemeError) in .builtInDefault }, availableThemes: { [] }, now: { Date() }, auth: auth,
                                        sync: ConsoleSync.live(workspace: base.workspace), data: data)
        let console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies),
                                     model: AppModel(catalog: base.catalog, context: SessionContext(isSandbox: withSandbox), size: size), size: size)
        return ConsoleDataFixture(base: base, console: console)
    }

    /// A HubSpot token for the sandbox account `acme`, minted through the admin endpoint.
    func mint() async throws -> String { try await base.mintToken() }

    /// Runs `body` with a fixture, and cleans up after it whether it throws or not.
    static func with(sandbox: Bool = false, connect: Bool = true, latencyMilliseconds: Int = 0,
                     _ body: (ConsoleDataFixture) async throws -> Void) async throws {
        let f = try await make(sandbox: sandbox, connect: connect, latencyMilliseconds: latencyMilliseconds)
        do {
            try await body(f)
            await f.close()
        } catch {
            await f.close()
            throw error
        }
    }

    /// Every HubSpot contact in the sandbox's account acme: email → ids (two ids would be a duplicate).
    func contactsByEmail() async throws -> [String: [String]] { try await base.contactsByEmail() }

    /// Types a `:` command and runs it (and the effects it starts).
    func command(_ line: String) async {
        console.press(":")
        console.type(line)
        console.press("enter")
        await console.settle()
    }

    /// Stops the sandbox and deletes the folder.
    func close() async { await base.close() }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
