import ArgumentParser
import ConsoleKit
import Foundation
import NcursesBackend
import SwitchboardConsole
import SwitchboardCore
import SwitchboardSandbox

/// The `switchboard` command: with no subcommand it opens the console; subcommands script the core.
@main
struct Switchboard: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A terminal console for connecting tenants to their CRMs.",
        discussion: """
            With no subcommand, opens the console (needs a terminal). `--sandbox` runs it against the \
            embedded sandbox CRM. Subcommands do the same work from scripts.
            """,
        version: version,
        subcommands: [ConnectorsCommand.self, ActionsCommand.self, MappingCommand.self, PreviewCommand.self, PushCommand.self, HistoryCommand.self, RecordsCommand.self, SyncCommand.self, ConflictsCommand.self, SchemaCommand.self, ThemesCommand.self, TenantsCommand.self, AuthCommand.self, AlloyCommand.self, SandboxCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Run against the embedded sandbox CRM (training and demos); shows a SANDBOX badge.")
    var sandbox = false

    @Option(name: .long, help: "Colour theme: a name from themes/ or a path to a .toml file (default: $SWITCHBOARD_THEME or 'default').")
    var theme: String?

    @Flag(name: .customLong("exit-after-first-frame"), help: .hidden)
    var exitAfterFirstFrame = false

    /// Parses and runs; user-facing errors print one line to stderr and exit non-zero.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error)
        }
    }

    /// Prints `error` as one line and exits: 1 for failures, 2 for usage (argument-parser's own code is 64).
    static func fail(_ error: any Error) -> Never {
        var error = error
        if let workspaceError = error as? WorkspaceError { error = CLIError(workspaceError) }
        if let error = error as? CLIError {
            // Each line escaped: an error may quote a value from a file or a CRM.
            let lines = error.message.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).terminalSafe }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            Foundation.exit(error.exitCode)
        }
        if exitCode(for: error) == .validationFailure {
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        exit(withError: error)
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let themes = ThemeLoader.standard(environment: environment)
        let requestedTheme = theme ?? environment["SWITCHBOARD_THEME"].flatMap { $0.isEmpty ? nil : $0 }
        var chosenTheme = Theme.builtInDefault
        if let requestedTheme {
            do throws(ThemeError) {
                chosenTheme = try themes.load(requestedTheme)
            } catch {
                throw CLIError("theme: \(error.description)")
            }
        }
        // The sandbox starts only once a terminal is there to use it.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError(NcursesBackendError.notATerminal.description, prefixed: false)
        }
        var configuration = try WorkspaceConfiguration.fromEnvironment(environment, connectorDirectories: global.connectorsDirs.map { URL(fileURLWithPath: $0) },
                                                                       platform: global.platform, alloyURL: global.alloyURL)
        var embedded: SandboxLaunch?
        if sandbox {
            let home = DataFolder(url: configuration.folder.url.appendingPathComponent("sandbox"))
            do { embedded = try await SandboxLaunch.embedded(home: home) } catch { throw CLIError("cannot start the sandbox: \(error)") }
            configuration.folder = home
            configuration.overrides = embedded?.overrides(alloyKeyWins: true)
        }
        do {
            try await runConsole(Workspace(configuration), embedded: embedded, themes: themes, theme: chosenTheme, requestedTheme: requestedTheme,
                                 environment: environment)
        } catch {
            await embedded?.stop()
            throw error
        }
        await embedded?.stop()
    }

    /// The console over `workspace`: the platform's catalog fetched before the terminal is taken
    /// over (so its errors print plainly), then the program loop on the main thread.
    private func runConsole(_ workspace: Workspace, embedded: SandboxLaunch?, themes: ThemeLoader, theme: Theme, requestedTheme: String?,
                            environment: [String: String]) async throws {
        // Under --sandbox the demo tenant is selected, so a training session can connect and push at once.
        let tenantName: String? = embedded == nil ? nil : "demo"
        let usable = (try? workspace.stores()) != nil && (try? workspace.masterKey()) != nil
        let selected = tenantName.flatMap { try? workspace.tenant($0) }
        let catalog: ConnectorCatalog
        do { catalog = try await workspace.platformCatalog(tenant: selected) } catch {
            throw CLIError("--platform \(workspace.configuration.platform.rawValue): \(error.message)")
        }
        let context = SessionContext(tenant: tenantName, platform: workspace.configuration.platform.rawValue, isSandbox: sandbox)
        let restartNotice = embedded == nil ? nil : SandboxRestart.notice(SandboxRestart.expireCredentials(workspace))
        try workspace.requireCatalogFolders()
        let problems = workspace.catalogProblems.map(\.description)
        let dependencies = Dependencies.live(themes: themes, workspace: usable ? workspace : nil)
        let exitAfterFirstFrame = self.exitAfterFirstFrame
        try await MainActor.run {
            let backend: NcursesBackend
            do {
                backend = try NcursesBackend(environment: environment)
            } catch let error as NcursesBackendError {
                if case .unsupportedTerminal = error { throw CLIError(error.description, prefixed: false, exitCode: 2) }
                throw CLIError(error.description, prefixed: false)
            }
            defer { backend.shutdown() }
            var chosenTheme = theme
            if backend.colorDepth == .none, requestedTheme == nil || environment["NO_COLOR"].map({ !$0.isEmpty }) == true {
                chosenTheme = (try? themes.load("mono")) ?? .monochrome
            }
            var model = AppModel(catalog: catalog, theme: chosenTheme, context: context, problems: problems, size: backend.size)
            if let restartNotice, model.flash == nil { model.flash = Flash(.warning, restartNotice) }
            let app = SwitchboardApp(dependencies: dependencies)
            // The header's auth state is the stored credential's, checked before the first frame.
            app.refreshCredentialStates(&model)
            let program = Program(app: app, model: model, backend: backend)
            if exitAfterFirstFrame {
                program.onFirstFrame = { [backend] in
                    backend.shutdown()
                    Foundation.exit(0)
                }
            }
            program.run()
        }
    }
}
