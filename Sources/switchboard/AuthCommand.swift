import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard auth login|status|refresh|logout`.
struct AuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth", abstract: "Connect a tenant to a CRM (OAuth 2.0 or API key) and manage its credentials.",
        discussion: "App credentials come from SWITCHBOARD_<CONNECTOR>_CLIENT_ID / _CLIENT_SECRET or $XDG_CONFIG_HOME/switchboard/apps.json. See docs/auth.md.",
        subcommands: [Login.self, Status.self, Refresh.self, Logout.self])

    /// Options the auth subcommands share.
    struct Common: ParsableArguments {
        @OptionGroup var options: WorkspaceOptions
    }

    // MARK: - login

    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Authorize a tenant's CRM account (prints the URL to open).",
            discussion: "Checks for an existing valid credential first. Starts a listener on 127.0.0.1 (any port, or the registered redirect URI's port), prints the authorization URL, opens the browser when there is a display, and waits for the one callback. With --paste, paste the final redirect URL from the browser's address bar instead.")
        @OptionGroup var common: Common
        @Argument(help: "The connector id, e.g. hubspot.") var connector: String
        @Option(help: "The tenant to connect.") var tenant: String
        @Option(help: "Listen on this port (for a fixed redirect URI registered with another port).") var port: Int?
        @Option(help: "Seconds to wait for the callback.") var timeout: Int = 300
        @Option(help: "The data centre, from the manifest's regions (e.g. salesforce: sandbox; zoho-crm: eu).") var region: String?
        @Flag(name: .customLong("no-browser"), help: "Do not run xdg-open; just print the URL.") var noBrowser = false
        @Flag(help: "Also accept the final redirect URL pasted on standard input.") var paste = false
        @Flag(name: .customLong("api-key-stdin"), help: "Read an API key or token from standard input (API-key connectors, and --method).") var apiKeyStdin = false
        @Option(help: ArgumentHelp("Connect with one of the connector's token methods instead of OAuth: hubspot private-app, pipedrive api-token, copper api-key (`connectors show` lists them); the token is read from standard input.", valueName: "id"))
        var method: String?
        @Option(name: .customLong("input"), help: ArgumentHelp("A plain value the method needs, e.g. userEmail=ada@example.com (repeatable).", valueName: "name=value"))
        var inputs: [String] = []
        @Flag(help: "Log in again even when a valid credential exists.") var force = false
        @Flag(help: "Keep an existing valid credential without asking.") var reuse = false

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
            if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0-65535") }
            if force && reuse { throw ValidationError("--force and --reuse contradict each other") }
            if !inputs.isEmpty, method == nil { throw ValidationError("--input goes with --method") }
            for input in inputs where !input.contains("=") { throw ValidationError("--input takes name=value, got \"\(input.terminalSafe)\"") }
        }

        func run() async throws {
            let workspace = try common.options.open()
            try workspace.requireDirectLoginOptions(apiKeyStdin || method != nil || paste || port != nil || region != nil)
            let tenantValue = try workspace.tenant(tenant)
            if apiKeyStdin || method != nil {
                let key = readLine(strippingNewline: true) ?? ""
                var values: [String: String] = [:]
                for input in inputs {
                    let parts = input.split(separator: "=", maxSplits: 1).map(String.init)
                    values[parts[0]] = parts.count > 1 ? parts[1] : ""
                }
                let connection = try await storeCallAsync {
                    try await workspace.connectWithToken(tenant: tenantValue, connector: connector, method: method, token: key, inputs: values)
                }
                let manifest = try workspace.manifest(connector)
                let c = connection.credential
                say("Stored \(method.flatMap { manifest.authMethod($0)?.name } ?? "API key") \(c.tokenHint) for \(manifest.name), tenant \(tenantValue.name) (credential \(c.id))")
                if let problem = connection.schemaProblem {
                    warn("warning: the account's fields could not be read with it: \(problem)")
                } else if connection.objectsRead > 0 {
                    say("  schema     \(connection.objectsRead) objects read")
                }
                return
            }
            let browser = noBrowser ? BrowserOpener.disabled : BrowserOpener.xdgOpen()
            try await LoginTerminal.connect(workspace: workspace, connector: try workspace.catalogID(connector), tenant: tenantValue, force: force, reuse: reuse,
                                            options: ConnectOptions(port: port, timeout: TimeInterval(timeout), paste: paste, region: region, browser: browser))
        }
    }

    // MARK: - status

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every credential (or one tenant's) and whether it is usable.")
        @OptionGroup var common: Common
        @Option(help: "Only this tenant.") var tenant: String?
        @Flag(help: "Print JSON (never contains tokens).") var json = false
        func run() throws {
            let workspace = try common.options.open()
            let only = try tenant.map { try workspace.tenant($0) }
            let all = try storeCall { try workspace.credentials().list(tenant: only) }
            let tenants = Dictionary(uniqueKeysWithValues: try storeCall { try workspace.stores().tenants.list() }.map { ($0.id, $0) })
            let rows = all.compactMap { c in tenants[c.tenantID].map { (c, $0) } }
            if json {
                say(JSONWriter.pretty(sortedKeys(.array(rows.map { AuthCommand.json($0.0, tenant: $0.1) }))))
            } else if rows.isEmpty {
                say(only.map { "Tenant \($0.name) has no credentials." } ?? "No credentials yet; run `switchboard auth login CONNECTOR --tenant NAME`.")
            } else {
                let now = Date()
                say(TextTable.render(header: ["TENANT", "CONNECTOR", "KIND", "STATE", "EXPIRES", "TOKEN", "CREDENTIAL", "SCOPES"], rows: rows.map { c, t in
                    [t.name, c.connectorID, c.kindDescription, c.state(at: now), AuthCommand.expiry(c), c.tokenHint, c.id, c.scopes.joined(separator: " ")]
                }))
            }
        }
    }

    // MARK: - refresh

    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refresh a tenant's OAuth access token now.")
        @OptionGroup var common: Common
        @Argument(help: "The connector id.") var connector: String
        @Option(help: "The tenant.") var tenant: String
        func run() async throws {
            let workspace = try common.options.open()
            _ = try workspace.manifest(connector)
            let provider = try workspace.credentialProvider()
            let credential: Credential
            do { credential = try await provider.refreshNow(tenant: tenant, connector: connector) } catch { throw CLIError(String(describing: error)) }
            say("Refreshed \(connector) for tenant \(tenant): \(credential.tokenHint), expires \(AuthCommand.expiry(credential))")
        }
    }

    // MARK: - logout

    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a tenant's credential at the provider (where supported), then delete it.")
        @OptionGroup var common: Common
        @Argument(help: "The connector id.") var connector: String
        @Option(help: "The tenant.") var tenant: String
        func run() async throws {
            let workspace = try common.options.open()
            let manifest = try workspace.manifest(connector)
            let tenantValue = try workspace.tenant(tenant)
            let store = try workspace.credentials()
            let credential: Credential
            let secrets: CredentialSecrets
            do {
                guard let found = try store.find(tenant: tenantValue, connectorID: connector) else {
                    throw CLIError(AuthError.noCredential(tenant: tenantValue.name, connector: connector).description)
                }
                credential = found
                secrets = try store.secrets(of: found)
            } catch let error as AuthError { throw CLIError(String(describing: error)) }
            if let spec = manifest.auth.oauth2?.inRegion(manifest.region(of: credential)), spec.revokeURL != nil {
                let app = try workspace.appCredentials(connector)
                let token = secrets.refreshToken ?? secrets.accessToken
                let hint = secrets.refreshToken == nil ? "access_token" : "refresh_token"
                do {
                    try await OAuthClient(spec: spec, app: app).revoke(token: token, hint: hint)
                    say("Revoked the \(hint.replacingOccurrences(of: "_", with: " ")) at \(manifest.name)")
                } catch {
                    say("warning: could not revoke at \(manifest.name) (\(String(describing: error))); deleting the local credential anyway")
                }
            } else {
                say("\(manifest.name) has no revocation endpoint; revoke the app's access in \(manifest.name)'s settings if needed")
            }
            do { try store.delete(credential) } catch { throw CLIError(String(describing: error)) }
            say("Deleted credential \(credential.id) (\(manifest.name), tenant \(tenantValue.name))")
        }
    }

    // MARK: - Shared

    static func expiry(_ c: Credential) -> String { DirectPlatform.expiry(c) }

    static func json(_ c: Credential, tenant: Tenant) -> JSONValue {
        let now = Date()
        var o = JSONObject([("tenant", .string(tenant.name)), ("connector", .string(c.connectorID)), ("credential", .string(c.id)),
                            ("kind", .string(c.kind.rawValue)), ("method", c.metadata[Credential.methodKey].map(JSONValue.string) ?? .null),
                            ("status", .string(c.status.rawValue)), ("state", .string(c.state(at: now))),
                            ("expired", .bool(c.isExpired(at: now)))])
        o["expiresAt"] = c.expiresAt.map { .string(isoDate($0)) } ?? .null
        o["scopes"] = .array(c.scopes.map(JSONValue.string))
        o["token"] = .string(c.tokenHint)
        o["hasRefreshToken"] = .bool(c.hasRefreshToken)
        o["metadata"] = .object(JSONObject(c.metadata.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
        o["refreshedAt"] = c.refreshedAt.map { .string(isoDate($0)) } ?? .null
        return .object(o)
    }

    /// Asks a yes/no question on a terminal; false when stdin is not a terminal.
    static func confirm(_ question: String) -> Bool {
        guard isatty(0) == 1 else { return false }
        FileHandle.standardOutput.write(Data(question.utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return answer == "y" || answer == "yes"
    }
}
