import ArgumentParser
import ConsoleKit
import Foundation
import NcursesBackend
import SwitchboardConsole
import SwitchboardCore
import SwitchboardSandbox

/// The `switchboard` command: with no subcommand it opens the console; subcommands script the core.
@main
struct Switchboard: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A terminal console for connecting tenants to their CRMs.",
        discussion: """
            With no subcommand, opens the console (needs a terminal). `--sandbox` runs it against the \
            embedded sandbox CRM. Subcommands do the same work from scripts.
            """,
        version: version,
        subcommands: [ConnectorsCommand.self, ActionsCommand.self, MappingCommand.self, PreviewCommand.self, PushCommand.self, HistoryCommand.self, RecordsCommand.self, SyncCommand.self, ConflictsCommand.self, ThemesCommand.self, TenantsCommand.self, AuthCommand.self, AlloyCommand.self, SandboxCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Run against the embedded sandbox CRM (training and demos); shows a SANDBOX badge.")
    var sandbox = false

    @Option(name: .long, help: "Colour theme: a name from themes/ or a path to a .toml file (default: $SWITCHBOARD_THEME or 'default').")
    var theme: String?

    @Flag(name: .customLong("exit-after-first-frame"), help: .hidden)
    var exitAfterFirstFrame = false

    /// Parses and runs; user-facing errors print one line to stderr and exit non-zero.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data((error.message + "\n").utf8))
            Foundation.exit(error.exitCode)
        } catch {
            // Usage errors exit 2, as the README promises (argument-parser's own code is 64).
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    func run() throws {
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
        let platformKind = try global.platformKind(environment: environment)
        let embedded = sandbox ? try EmbeddedSandbox.start(environment: environment) : nil
        defer { embedded?.stop() }
        var load = embedded.map { global.loadCatalog(extraDirectories: [$0.manifests]) } ?? global.loadCatalog()
        // Sync stays direct: it works on the manifests' catalog.
        let localCatalog = load.catalog
        // One store (one database pool) for every console service.
        let services = embedded.map { ConsoleServices.sandbox($0, environment: environment, catalog: localCatalog) }
            ?? ConsoleServices.live(environment: environment, catalog: localCatalog)
        var alloyAuth: ConsoleAuth?
        if platformKind == .alloy {
            // Through Alloy the catalog is Alloy's (fetched before the terminal is taken over, so errors print plainly).
            (load.catalog, alloyAuth) = try ConsoleAlloy.load(global: global, embedded: embedded, local: localCatalog, services: services, environment: environment)
        }
        let backend: NcursesBackend
        do {
            backend = try NcursesBackend(environment: environment)
        } catch let error as NcursesBackendError {
            throw CLIError(error.description, prefixed: false)
        }
        defer { backend.shutdown() }
        if backend.colorDepth == .none, requestedTheme == nil || environment["NO_COLOR"].map({ !$0.isEmpty }) == true {
            chosenTheme = (try? themes.load("mono")) ?? .monochrome
        }
        // Under --sandbox the demo tenant is selected, so a training session can connect and push at once.
        let context = SessionContext(tenant: embedded == nil ? nil : "demo", platform: platformKind.rawValue, isSandbox: sandbox)
        let model = AppModel(catalog: load.catalog, theme: chosenTheme, context: context,
                             problems: load.problems.map(\.description), size: backend.size)
        let app = SwitchboardApp(dependencies: .live(themes: themes, auth: platformKind == .alloy ? alloyAuth : services.auth, sync: services.sync, data: services.data))
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

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("connectors-dir"), help: ArgumentHelp("A folder of connector manifests that add to or override the built-in ones (repeatable).", valueName: "dir"))
    var connectorsDirs: [String] = []

    @Option(name: .long, help: ArgumentHelp("How CRMs are reached: direct (from the manifests) or alloy (through the Alloy Connectivity API); default $SWITCHBOARD_PLATFORM, else direct.", valueName: "direct|alloy"))
    var platform: String?

    @Option(name: .customLong("alloy-url"), help: ArgumentHelp("The Alloy API base URL (default $SWITCHBOARD_ALLOY_URL, else https://production.runalloy.com; under --sandbox, the sandbox's).", valueName: "url"))
    var alloyURL: String?

    /// The catalog: built-ins, then the XDG folder, then each --connectors-dir, then `extraDirectories`.
    func loadCatalog(extraDirectories: [URL] = []) -> CatalogLoad {
        let dirs = ConnectorCatalog.defaultUserDirectories() + connectorsDirs.map { URL(fileURLWithPath: $0) } + extraDirectories
        return ConnectorCatalog.load(userDirectories: dirs)
    }

    /// The catalog, with each manifest problem printed to stderr as a warning (valid connectors stay usable).
    func loadCatalogReportingProblems() -> ConnectorCatalog {
        let load = loadCatalog()
        for problem in load.problems { FileHandle.standardError.write(Data("warning: \(problem.description)\n".utf8)) }
        return load.catalog
    }
}

/// A user-facing failure: one line on stderr, exit code 1 (2 for usage), never a stack trace.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32
    init(_ message: String, prefixed: Bool = true, exitCode: Int32 = 1) {
        self.message = prefixed ? "switchboard: " + message : message
        self.exitCode = exitCode
    }
    var description: String { message }
}
