import ArgumentParser
import Foundation
import SwitchboardSandbox

/// `switchboard sandbox serve|edit|clients`: the local strict CRM and OAuth provider.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Run the local sandbox CRM and OAuth provider, or edit its records.",
        discussion: "See docs/sandbox.md for the URL layout, the admin endpoints and the demo data.",
        subcommands: [Serve.self, Edit.self, Clients.self])

    /// `switchboard sandbox serve`.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the sandbox on 127.0.0.1 until SIGINT or SIGTERM.")

        @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).") var port = 0
        @Option(help: ArgumentHelp("SQLite file for the records (default: a temporary file removed on exit).", valueName: "file")) var data: String?
        @Option(help: ArgumentHelp("Seed data for an empty store: 'demo' (three accounts of contacts, companies and deals).", valueName: "name")) var seed: String?
        @Flag(name: .customLong("auto-approve"), help: "Approve authorization requests without the consent page.") var autoApprove = false
        @Option(name: .customLong("token-ttl"), help: ArgumentHelp("Access-token lifetime in seconds.", valueName: "seconds")) var tokenTTL: Double = 1800
        @Option(name: .customLong("rate-limit"), help: ArgumentHelp("CONNECTOR=N/SECONDS or CONNECTOR=off (repeatable; default hubspot=100/10, pipedrive=80/2, copper=180/60).", valueName: "rule"))
        var rateLimits: [String] = []
        @Option(name: .customLong("fault"), help: ArgumentHelp("Inject a fault into the next API requests: before-commit[:STATUS][:COUNT], after-commit[:STATUS][:COUNT] or drop-after-commit[:COUNT], optionally @CONNECTOR (repeatable).", valueName: "fault"))
        var faults: [String] = []
        @Option(name: .customLong("latency-ms"), help: ArgumentHelp("Milliseconds added to every API request.", valueName: "ms")) var latency = 0
        @Option(name: .customLong("max-body-bytes"), help: ArgumentHelp("Largest request body accepted (larger ones answer 413).", valueName: "bytes")) var maxBody = 1_048_576
        @Option(name: .customLong("write-manifests"), help: ArgumentHelp("Write override manifests pointing the built-in connectors at this sandbox into this folder.", valueName: "dir"))
        var manifestsDir: String?
        @Flag(name: .customLong("log-requests"), help: "Log one line per request to stderr (no tokens).") var logRequests = false

        func validate() throws {
            if let seed, seed != "demo" { throw ValidationError("unknown seed \"\(seed)\"; the only seed is 'demo'") }
            if tokenTTL <= 0 { throw ValidationError("--token-ttl must be a positive number of seconds") }
            if latency < 0 { throw ValidationError("--latency-ms must not be negative") }
            if maxBody < 1 { throw ValidationError("--max-body-bytes must be positive") }
            if !(0...65535).contains(port) { throw ValidationError("--port must be 0–65535") }
            do {
                for text in rateLimits { _ = try RateLimitRule.parse(text) }
                for text in faults { _ = try FaultRule.parse(text) }
            } catch {
                throw ValidationError(error.message)
            }
        }

        func run() async throws {
            var config = SandboxConfiguration(port: port, dataFile: data.map { URL(fileURLWithPath: $0) }, seedDemo: seed == "demo",
                                              autoApprove: autoApprove, tokenTTL: tokenTTL, latencyMilliseconds: latency,
                                              maxBodyBytes: maxBody, logRequests: logRequests)
            do {
                for text in rateLimits {
                    let (connector, rule) = try RateLimitRule.parse(text)
                    config.rateLimits[connector] = rule
                }
                config.faults = try faults.map { try FaultRule.parse($0) }
            } catch {
                throw ValidationError((error as? SandboxError)?.description ?? "\(error)")
            }
            let server: SandboxServer
            if let manifestsDir {
                server = try await SandboxLaunch.start(config, manifestsFolder: URL(fileURLWithPath: manifestsDir), emptyFirst: false,
                                                     handleSignals: true).server
            } else {
                server = try await SandboxServer.start(config, handleSignals: true)
            }
            var banner = "Switchboard sandbox listening on \(server.baseURL.absoluteString)\n"
            banner += "  data: \(server.dataFile.path)\(config.dataFile == nil ? " (temporary)" : "")\n"
            if let manifestsDir { banner += "  override manifests: \(manifestsDir) (use --connectors-dir \(manifestsDir))\n" }
            banner += "  stop with Ctrl-C\n"
            FileHandle.standardOutput.write(Data(banner.utf8))
            await server.waitUntilStopped()
            FileHandle.standardOutput.write(Data("Sandbox stopped.\n".utf8))
        }
    }

    /// `switchboard sandbox edit`.
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a sandbox record as if a CRM user had (bumps its modified time).",
            discussion: "Example: switchboard sandbox edit hubspot contacts 100001 firstname=Ada --url http://127.0.0.1:8080. An empty value (field=) clears the field.")

        @Argument(help: "hubspot, salesforce, copper, pipedrive or zoho-crm.") var connector: String
        @Argument(help: "contacts, companies, deals (HubSpot); Contact, Account, Opportunity (Salesforce); people, companies, opportunities (Copper); persons, organizations, deals (Pipedrive); Contacts, Accounts, Deals (Zoho).") var object: String
        @Argument(help: "The record id.") var id: String
        @Argument(help: "field=value pairs.") var assignments: [String] = []
        @Option(help: ArgumentHelp("A running sandbox's URL.", valueName: "url")) var url: String?
        @Option(help: ArgumentHelp("A sandbox data file (edit it directly; stop the sandbox first or use --url).", valueName: "file")) var data: String?

        func validate() throws {
            if (url == nil) == (data == nil) { throw ValidationError("give exactly one of --url (a running sandbox) or --data (a data file)") }
            if let url, URL(string: url)?.host == nil { throw ValidationError("--url \"\(url)\" is not a URL like http://127.0.0.1:8080") }
        }

        func run() async throws {
            let values: [String: String?]
            do { values = try SandboxEditor.parseAssignments(assignments) } catch { throw ValidationError(error.description) }
            let (connector, object, id) = (self.connector, self.object, self.id)
            let text: String
            do {
                if let url, let target = URL(string: url) {
                    text = try await SandboxEditor.edit(sandboxURL: target, connector: connector, object: object, id: id, assignments: values)
                } else {
                    text = try SandboxEditor.edit(dataFile: URL(fileURLWithPath: data ?? ""), connector: connector, object: object, id: id, assignments: values)
                }
            } catch let error as SandboxError {
                FileHandle.standardError.write(Data("switchboard: \(error.description)\n".utf8))
                throw ExitCode.failure
            }
            print(text)
        }
    }

    /// `switchboard sandbox clients`.
    struct Clients: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the sandbox's registered OAuth clients (ids and secrets).")
        func run() {
            for c in SandboxServer.clients { print("\(c.connector)\t\(c.id)\t\(c.secret)\t\(c.authMethod)") }
        }
    }
}
