import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// Options every command that reads the catalog shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("connectors-dir"), help: ArgumentHelp("A folder of connector manifests that add to or override the built-in ones (repeatable).", valueName: "dir"))
    var connectorsDirs: [String] = []

    @Option(name: .long, help: ArgumentHelp("How CRMs are reached: direct (from the manifests) or alloy (through the Alloy Connectivity API); default $SWITCHBOARD_PLATFORM, else direct.",
                                            valueName: PlatformKind.allCases.map(\.rawValue).joined(separator: "|")))
    var platform: String?

    @Option(name: .customLong("alloy-url"), help: ArgumentHelp("The Alloy API base URL (default $SWITCHBOARD_ALLOY_URL, else https://production.runalloy.com; under --sandbox, the sandbox's).", valueName: "url"))
    var alloyURL: String?
}

/// `--sandbox-url`: point the command at a running sandbox (its manifests, OAuth clients and Alloy API).
struct SandboxURLOption: ParsableArguments {
    @Option(name: .customLong("sandbox-url"), help: ArgumentHelp("Use the sandbox CRM at this URL (its manifests and app credentials); default $SWITCHBOARD_SANDBOX_URL.", valueName: "url"))
    var sandboxURL: String?
}

/// The options that say which workspace a command works in: the catalog's folders and platform,
/// and a sandbox to point at.
struct WorkspaceOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sandbox: SandboxURLOption

    /// The workspace of the environment's data folder, with these options.
    func open() throws -> Workspace {
        try Workspace.forCommand(global: global, sandboxURL: sandbox.sandboxURL)
    }
}

extension Workspace {
    /// The workspace a command works in: `$SWITCHBOARD_HOME` (or the XDG data folder), the
    /// catalog's folders and platform from `global`, and the sandbox at `sandboxURL` (else
    /// `$SWITCHBOARD_SANDBOX_URL`) when the command can point at one. Manifest problems are
    /// printed as warnings (the valid connectors stay usable).
    /// With `sandboxCatalog` false, `$SWITCHBOARD_SANDBOX_URL` points only the platform's account
    /// (Alloy's URL and demo key) at the sandbox, not the catalog (`connectors`, `actions`).
    static func forCommand(global: GlobalOptions? = nil, sandboxURL: String? = nil, acceptsSandbox: Bool = true,
                           sandboxCatalog: Bool = true) throws -> Workspace {
        let environment = ProcessInfo.processInfo.environment
        let sandbox = acceptsSandbox ? sandboxURL ?? environment["SWITCHBOARD_SANDBOX_URL"].flatMap { $0.isEmpty ? nil : $0 } : nil
        func make(_ given: ConnectionOverrides?) throws -> Workspace {
            var overrides = given
            if !sandboxCatalog {
                overrides?.manifestDirectories = []
                overrides?.appCredentials = nil
            }
            let configuration = try WorkspaceConfiguration.fromEnvironment(
                environment, connectorDirectories: (global?.connectorsDirs ?? []).map { URL(fileURLWithPath: $0) },
                platform: global?.platform, alloyURL: global?.alloyURL, overrides: overrides)
            return Workspace(configuration)
        }
        let workspace = try sandbox.map { url in try SandboxAttachment.attach(sandboxURL: url) { try make($0) } } ?? make(nil)
        try workspace.requireCatalogFolders()
        if global != nil { for problem in workspace.catalogProblems { warn("warning: \(problem.description)") } }
        return workspace
    }
}

extension Workspace {
    /// Stops the command (exit 2) when a manifest of a `--connectors-dir` folder does not load.
    func requireCatalogFolders() throws {
        let required = requiredCatalogProblems
        guard required.isEmpty else {
            throw CLIError(required.map { $0.description.terminalSafe }.joined(separator: "\n") + "\n(every manifest in a --connectors-dir folder must load)",
                           prefixed: false, exitCode: 2)
        }
    }
}

extension GlobalOptions {
    /// The workspace of the environment's data folder with these catalog options (no sandbox).
    func workspace() throws -> Workspace { try Workspace.forCommand(global: self, acceptsSandbox: false) }
}
