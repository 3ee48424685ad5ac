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
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("sandbox-url"), help: ArgumentHelp("Use the sandbox CRM at this URL (its manifests and app credentials); default $SWITCHBOARD_SANDBOX_URL.", valueName: "url"))
        var sandboxURL: String?

        /// The connector setup: catalog (sandbox overrides when asked) and app credentials.
        func context(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AuthContext {
            let sandbox = sandboxURL ?? environment["SWITCHBOARD_SANDBOX_URL"].flatMap { $0.isEmpty ? nil : $0 }
            return try AuthContext(global: global, sandboxURL: sandbox, environment: environment)
        }

        /// The Alloy side (for `--platform alloy`).
        func alloyContext(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AlloyContext {
            let sandbox = sandboxURL ?? environment["SWITCHBOARD_SANDBOX_URL"].flatMap { $0.isEmpty ? nil : $0 }
            return try AlloyContext(global: global, sandboxURL: sandbox, environment: environment)
        }
    }

    // MARK: - login

    struct Login: ParsableCommand {
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
        @Flag(name: .customLong("api-key-stdin"), help: "Read an API key from standard input (API-key connectors).") var apiKeyStdin = false
        @Flag(help: "Log in again even when a valid credential exists.") var force = false
        @Flag(help: "Keep an existing valid credential without asking.") var reuse = false

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
            if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0-65535") }
            if force && reuse { throw ValidationError("--force and --reuse contradict each other") }
        }

        func run() throws {
            if try common.global.platformKind() == .alloy {
                guard !apiKeyStdin, !paste, port == nil, region == nil else {
                    throw CLIError("--api-key-stdin, --paste, --port and --region are for direct logins; through Alloy, Alloy runs the OAuth flow", exitCode: 2)
                }
                try AlloyConnectCLI.run(context: common.alloyContext(), connector: connector, tenant: tenant, timeout: timeout, browser: !noBrowser, force: force)
                return
            }
            let context = try common.context()
            let manifest = try context.manifest(connector)
            let cli = try CLIStore()
            let tenantValue = try cli.tenant(tenant)
            let credentials = try cli.credentials()
            if apiKeyStdin {
                guard manifest.auth.kind == .apiKey else { throw CLIError(AuthError.notAPIKey(connector: connector).description) }
                let key = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !key.isEmpty else { throw CLIError(AuthError.emptyAPIKey.description) }
                do {
                    let credential = try credentials.save(.init(kind: .apiKey, secrets: CredentialSecrets(accessToken: key), scopes: [],
                                                                expiresAt: nil, metadata: [:]), tenant: tenantValue, connectorID: connector)
                    say("Stored API key \(credential.tokenHint) for \(manifest.name), tenant \(tenantValue.name) (credential \(credential.id))")
                } catch { throw CLIError(String(describing: error)) }
                return
            }
            guard manifest.auth.kind == .oauth2 else { throw CLIError(AuthError.notOAuth(connector: connector).description) }
            let app = try context.app(connector)
            let browser = noBrowser ? BrowserOpener.disabled : BrowserOpener.xdgOpen()
            let flow: OAuthFlow
            do {
                flow = try OAuthFlow(connector: manifest, tenant: tenantValue, app: app, credentials: credentials,
                                     browser: browser, options: .init(port: port, timeout: TimeInterval(timeout), paste: paste, region: region))
            } catch { throw CLIError(String(describing: error)) }

            if !force, let existing = try? flow.existingCredential() {
                say("Tenant \(tenantValue.name) already has a valid \(manifest.name) credential \(existing.id) (\(existing.tokenHint), expires \(AuthCommand.expiry(existing))).")
                if reuse || !AuthCommand.confirm("Log in again anyway? [y/N] ") {
                    say("Kept the existing credential (use --force to log in again).")
                    return
                }
            }
            let paste = self.paste
            let credential: Credential = try runBlocking {
                let countdown = Countdown()
                defer { countdown.stop() }
                if paste { PasteReader.start(flow: flow) }
                do {
                    return try await flow.run { event in
                        countdown.clear()
                        switch event {
                        case .waiting(let deadline):
                            say(paste ? "Waiting for the callback, or paste the final redirect URL here and press Enter." : "Waiting for the callback…")
                            countdown.start(until: deadline)
                        case .existingCredential, .stored: break
                        default: say(event.line)
                        }
                    }
                } catch {
                    throw CLIError(String(describing: error))
                }
            }
            say("Connected \(manifest.name) for tenant \(tenantValue.name)")
            say("  credential \(credential.id)")
            say("  scopes     \(credential.scopes.isEmpty ? "-" : credential.scopes.joined(separator: " "))")
            say("  expires    \(AuthCommand.expiry(credential))")
            say("  token      \(credential.tokenHint)")
            for (key, value) in credential.metadata.sorted(by: { $0.key < $1.key }) where ["instance_url", "api_domain"].contains(key) {
                say("  \(key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(value)")
            }
        }
    }

    // MARK: - status

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every credential (or one tenant's) and whether it is usable.")
        @OptionGroup var common: Common
        @Option(help: "Only this tenant.") var tenant: String?
        @Flag(help: "Print JSON (never contains tokens).") var json = false
        func run() throws {
            let cli = try CLIStore()
            let only = try tenant.map { try cli.tenant($0) }
            let all: [Credential]
            let tenants: [Int64: Tenant]
            do {
                all = try cli.credentials().list(tenant: only)
                tenants = Dictionary(uniqueKeysWithValues: try cli.tenants.list().map { ($0.id, $0) })
            } catch let error as AuthError { throw CLIError(String(describing: error)) } catch let error as TenantError { throw CLIError(String(describing: error)) }
            let rows = all.compactMap { c in tenants[c.tenantID].map { (c, $0) } }
            if json {
                say(jsonText(rows.map { AuthCommand.json($0.0, tenant: $0.1) }))
            } else if rows.isEmpty {
                say(only.map { "Tenant \($0.name) has no credentials." } ?? "No credentials yet; run `switchboard auth login CONNECTOR --tenant NAME`.")
            } else {
                let now = Date()
                say(table([["TENANT", "CONNECTOR", "STATE", "EXPIRES", "TOKEN", "CREDENTIAL", "SCOPES"]] + rows.map { c, t in
                    [t.name, c.connectorID, c.state(at: now), AuthCommand.expiry(c), c.tokenHint, c.id, c.scopes.joined(separator: " ")]
                }))
            }
        }
    }

    // MARK: - refresh

    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refresh a tenant's OAuth access token now.")
        @OptionGroup var common: Common
        @Argument(help: "The connector id.") var connector: String
        @Option(help: "The tenant.") var tenant: String
        func run() throws {
            let context = try common.context()
            _ = try context.manifest(connector)
            let cli = try CLIStore()
            let provider = CredentialProvider(catalog: context.catalog, tenants: cli.tenants, credentials: try cli.credentials(),
                                              appCredentials: context.appResolver)
            let tenant = self.tenant, connector = self.connector
            let credential: Credential = try runBlocking {
                do { return try await provider.refreshNow(tenant: tenant, connector: connector) } catch { throw CLIError(String(describing: error)) }
            }
            say("Refreshed \(connector) for tenant \(tenant): \(credential.tokenHint), expires \(AuthCommand.expiry(credential))")
        }
    }

    // MARK: - logout

    struct Logout: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a tenant's credential at the provider (where supported), then delete it.")
        @OptionGroup var common: Common
        @Argument(help: "The connector id.") var connector: String
        @Option(help: "The tenant.") var tenant: String
        func run() throws {
            let context = try common.context()
            let manifest = try context.manifest(connector)
            let cli = try CLIStore()
            let tenantValue = try cli.tenant(tenant)
            let store = try cli.credentials()
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
                let app = try context.app(connector)
                let token = secrets.refreshToken ?? secrets.accessToken
                let hint = secrets.refreshToken == nil ? "access_token" : "refresh_token"
                let outcome: String = try runBlocking {
                    do {
                        try await OAuthClient(spec: spec, app: app).revoke(token: token, hint: hint)
                        return "Revoked the \(hint.replacingOccurrences(of: "_", with: " ")) at \(manifest.name)"
                    } catch {
                        return "warning: could not revoke at \(manifest.name) (\(String(describing: error))); deleting the local credential anyway"
                    }
                }
                say(outcome)
            } else {
                say("\(manifest.name) has no revocation endpoint; revoke the app's access in \(manifest.name)'s settings if needed")
            }
            do { try store.delete(credential) } catch { throw CLIError(String(describing: error)) }
            say("Deleted credential \(credential.id) (\(manifest.name), tenant \(tenantValue.name))")
        }
    }

    // MARK: - Shared

    static func expiry(_ c: Credential) -> String {
        guard let expiresAt = c.expiresAt else { return "no expiry" }
        return "\(isoDate(expiresAt)) (\(relative(expiresAt)))"
    }

    static func json(_ c: Credential, tenant: Tenant) -> [String: Any] {
        let now = Date()
        return ["tenant": tenant.name, "connector": c.connectorID, "credential": c.id, "kind": c.kind.rawValue,
                "status": c.status.rawValue, "state": c.state(at: now), "expired": c.isExpired(at: now),
                "expiresAt": c.expiresAt.map(isoDate) ?? NSNull(), "scopes": c.scopes, "token": c.tokenHint,
                "hasRefreshToken": c.hasRefreshToken, "metadata": c.metadata, "refreshedAt": c.refreshedAt.map(isoDate) ?? NSNull()]
    }

    /// Asks a yes/no question on a terminal; false when stdin is not a terminal.
    static func confirm(_ question: String) -> Bool {
        guard isatty(0) == 1 else { return false }
        FileHandle.standardOutput.write(Data(question.utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return answer == "y" || answer == "yes"
    }
}
