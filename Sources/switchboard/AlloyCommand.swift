import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard alloy ...`: the Alloy Connectivity API account, users, connectors, credentials,
/// resources, schemas and raw execute. `auth login`, `preview` and `push` take `--platform alloy` too.
struct AlloyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alloy", abstract: "Work through the Alloy Connectivity API (API key, users, connectors, credentials, schemas).",
        discussion: "The base URL is --alloy-url, $SWITCHBOARD_ALLOY_URL, the sandbox's /alloy under --sandbox-url, else https://production.runalloy.com. See docs/alloy.md.",
        subcommands: [Login.self, Status.self, Logout.self, Users.self, Connectors.self, Credentials.self, Connect.self, Resources.self, Schema.self, Execute.self])

    /// Options every alloy subcommand shares.
    struct Common: ParsableArguments {
        @OptionGroup var options: WorkspaceOptions

        func context(requireKey: Bool = true) throws -> AlloyContext {
            let workspace = try options.open()
            return AlloyContext(workspace: workspace, access: try workspace.alloy(requireKey: requireKey))
        }
    }

    // MARK: - API key

    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store the Alloy API key (read from standard input, or $SWITCHBOARD_ALLOY_API_KEY), encrypted.",
            discussion: "Checks the key with GET /connectors first unless --no-verify. The key is never printed whole.")
        @OptionGroup var common: Common
        @Flag(name: .customLong("no-verify"), help: "Store without checking the key against the API.") var noVerify = false

        func run() async throws {
            let context = try common.context(requireKey: false)
            let environment = ProcessInfo.processInfo.environment
            let key = (environment["SWITCHBOARD_ALLOY_API_KEY"].flatMap { $0.isEmpty ? nil : $0 } ?? readLine(strippingNewline: true) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw CLIError("no API key on standard input (pipe it in: `switchboard alloy login < key.txt`)") }
            if !noVerify {
                let client = AlloyClient(baseURL: context.baseURL, apiKey: key)
                let count: Int
                do throws(PlatformError) { count = try await client.send("GET", "/connectors")["connectors"]?.arrayValue?.count ?? 0 } catch {
                    throw CLIError(error.description)
                }
                say("The key works: \(count) connectors at \(context.baseURL)")
            }
            let hint: String
            do { hint = try context.account.saveAPIKey(key, baseURL: context.baseURL) } catch { throw CLIError(error.description) }
            say("Stored Alloy API key \(hint) for \(context.baseURL) (encrypted)")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the Alloy base URL, the key in use (masked) and the tenants' users.")
        @OptionGroup var common: Common
        func run() async throws {
            let context = try common.context(requireKey: false)
            say("Alloy API  \(context.baseURL) (x-api-version \(AlloyClient.apiVersion))")
            let stored = (try? context.account.apiKeyHint(baseURL: context.baseURL)) ?? nil
            say("API key    \(context.keySource == "none" ? "none (set SWITCHBOARD_ALLOY_API_KEY or run `switchboard alloy login`)" : "\(context.platform.client.apiKeyHint) (\(context.keySource))")")
            if let stored, context.keySource != "stored" { say("stored key \(stored)") }
            let users = (try? context.account.users(baseURL: context.baseURL)) ?? []
            let names = context.tenantNames()
            say("users      \(users.isEmpty ? "none" : users.map { "\(names[$0.tenantID] ?? "?")=\($0.userID)" }.joined(separator: ", "))")
        }
    }

    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget the stored Alloy API key for the base URL.")
        @OptionGroup var common: Common
        func run() async throws {
            let context = try common.context(requireKey: false)
            let removed: Bool
            do { removed = try context.account.deleteAPIKey(baseURL: context.baseURL) } catch { throw CLIError(error.description) }
            say(removed ? "Forgot the Alloy API key for \(context.baseURL)" : "No Alloy API key was stored for \(context.baseURL)")
        }
    }

    // MARK: - Users

    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tenants' Alloy users (POST /users).", subcommands: [Create.self, List.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create the tenant's Alloy user (once) and keep its userId.")
            @OptionGroup var common: Common
            @Option(help: "The tenant.") var tenant: String
            @Option(name: .customLong("full-name"), help: "The user's full name (default: the tenant's name).") var fullName: String?
            func run() async throws {
                let context = try common.context()
                let t = try context.workspace.tenant(tenant)
                let existing = try? context.account.userID(tenant: t, baseURL: context.baseURL)
                let fullName = self.fullName
                let id = try await context.call { p throws(PlatformError) in try await p.ensureUser(t, fullName: fullName) }
                say(existing == nil ? "Created Alloy user \(id) for tenant \(t.name)" : "Tenant \(t.name) already has Alloy user \(id)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every tenant with its Alloy userId.")
            @OptionGroup var common: Common
            @Flag(help: "Print JSON.") var json = false
            func run() async throws {
                let context = try common.context(requireKey: false)
                let users: [(tenantID: Int64, userID: String, username: String)]
                do { users = try context.account.users(baseURL: context.baseURL) } catch { throw CLIError(error.description) }
                let names = context.tenantNames()
                if json {
                    say(JSONWriter.pretty(.array(users.map { .object(JSONObject([("tenant", .string(names[$0.tenantID] ?? "?")), ("userId", .string($0.userID)),
                                                                                  ("username", .string($0.username))])) })))
                } else if users.isEmpty {
                    say("No Alloy users yet; `switchboard alloy users create --tenant NAME` makes one.")
                } else {
                    say(TextTable.render(header: ["TENANT", "USER ID", "USERNAME"], rows: users.map { [names[$0.tenantID] ?? "?", $0.userID, $0.username] }))
                }
            }
        }
    }

    // MARK: - Catalog

    struct Connectors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The connectors Alloy offers (CRM ones unless --all).")
        @OptionGroup var common: Common
        @Flag(help: "Every connector, not only those whose category mentions crm.") var all = false
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            let context = try common.context()
            let all = self.all
            let list = try await context.call { p throws(PlatformError) in all ? try await p.connectors() : try await p.crmConnectors() }
            if json {
                say(JSONWriter.pretty(.array(list.map { c in
                    .object(JSONObject([("category", .array(c.categories.map(JSONValue.string))), ("id", .string(c.id)),
                                        ("manifest", c.manifestID.map(JSONValue.string) ?? .null), ("name", .string(c.name))]))
                })))
                return
            }
            say(TextTable.render(header: ["ID", "NAME", "CATEGORY", "MANIFEST"], rows: list.map { [$0.id, $0.name, $0.categories.joined(separator: ","), $0.manifestID ?? "-"] }))
        }
    }

    struct Credentials: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tenant's credentials for a connector at Alloy (the one in use marked *).")
        @OptionGroup var common: Common
        @Argument(help: "The connector (Alloy id, e.g. hubspot, salesforceCRM; or a manifest id).") var connector: String
        @Option(help: "The tenant.") var tenant: String
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            let context = try common.context()
            let t = try context.workspace.tenant(tenant)
            let id = AlloyConnectorID.resolve(connector)
            let list = try await context.call { p throws(PlatformError) in try await p.credentials(tenant: t, connector: id) }
            let inUse = try? context.account.credentialID(tenant: t, connector: id, baseURL: context.baseURL)
            if json {
                say(JSONWriter.pretty(.array(list.map { c in
                    .object(JSONObject([("createdAt", c.createdAt.map(JSONValue.string) ?? .null), ("credentialId", .string(c.id)), ("inUse", .bool(c.id == inUse)),
                                        ("name", .string(c.name)), ("type", .string(c.type)), ("updatedAt", c.updatedAt.map(JSONValue.string) ?? .null)]))
                })))
            } else if list.isEmpty {
                say("Tenant \(t.name) has no \(id) credential at Alloy; `switchboard auth login \(id) --tenant \(t.name) --platform alloy` connects one.")
            } else {
                say(TextTable.render(header: ["", "CREDENTIAL", "NAME", "TYPE", "UPDATED"], rows: list.map { [$0.id == inUse ? "*" : "", $0.id, $0.name, $0.type, $0.updatedAt ?? "-"] }))
            }
        }
    }

    struct Connect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect a tenant's CRM through Alloy (same as `auth login CONNECTOR --platform alloy`).",
            discussion: "Creates the tenant's Alloy user when needed, asks Alloy for an oauthUrl with a loopback redirectUri, prints it, waits for the redirect's success parameter, then keeps the new credentialId.")
        @OptionGroup var common: Common
        @Argument(help: "The connector (Alloy id or manifest id).") var connector: String
        @Option(help: "The tenant.") var tenant: String
        @Option(help: "Seconds to wait for the redirect.") var timeout: Int = 300
        @Flag(name: .customLong("no-browser"), help: "Do not run xdg-open; just print the URL.") var noBrowser = false
        @Flag(help: "Connect again even when the tenant has a credential at Alloy.") var force = false
        func run() async throws {
            guard timeout > 0 else { throw CLIError("--timeout must be at least 1 second", exitCode: 2) }
            let context = try common.context()
            let id = AlloyGateway.gatewayID(AlloyConnectorID.resolve(connector))
            try await LoginTerminal.connect(workspace: context.workspace, connector: id, tenant: try context.workspace.tenant(tenant), force: force, reuse: false,
                                            options: ConnectOptions(timeout: TimeInterval(timeout), browser: noBrowser ? .disabled : .xdgOpen()))
        }
    }

    struct Resources: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The connector's resources and actions at Alloy.")
        @OptionGroup var common: Common
        @Argument(help: "The connector (Alloy id or manifest id).") var connector: String
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            let context = try common.context()
            let id = AlloyConnectorID.resolve(connector)
            let list = try await context.call { p throws(PlatformError) in try await p.resources(connector: id) }
            if json {
                say(JSONWriter.pretty(.array(list.map { r in
                    .object(JSONObject([("actions", .array(r.actions.map { a in
                        .object(JSONObject([("description", .string(a.description)), ("id", .string(a.id)), ("name", .string(a.name))]))
                    })), ("description", .string(r.description)), ("name", .string(r.name))]))
                })))
                return
            }
            for r in list {
                say("\(r.name) — \(r.description)")
                for a in r.actions { say("  \(a.id.padding(toLength: max(a.id.count, 26), withPad: " ", startingAt: 0))  \(a.name)") }
            }
        }
    }

    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An action's request schema as Alloy describes it (`*` marks required).")
        @OptionGroup var common: Common
        @Argument(help: "The connector (Alloy id or manifest id).") var connector: String
        @Argument(help: "The action id, e.g. createContact.") var action: String
        @Flag(help: "Print Alloy's action JSON.") var json = false
        func run() async throws {
            let context = try common.context()
            let id = AlloyConnectorID.resolve(connector), actionID = action
            let a = try await context.call { p throws(PlatformError) in try await p.action(connector: id, action: actionID) }
            if json {
                var o = JSONObject([("id", .string(a.id)), ("displayName", .string(a.name)), ("description", .string(a.description)),
                                    ("httpMethod", .string(a.method.lowercased())), ("path", .string(a.path))])
                o["pathParameters"] = .array(a.pathParameters.map(JSONValue.string))
                o["requestBody"] = a.requestSchema ?? .null
                say(JSONWriter.pretty(.object(o)))
                return
            }
            say("\(id) \(a.id): \(a.name) — Alloy runs \(a.method) \(a.path)")
            guard let document = a.requestSchema else { say("(no request body)"); return }
            do {
                let schema = try JSONSchema(compiling: document)
                for line in SchemaFieldSummary.outlineLines(schema.outline) { say("  " + line) }
            } catch {
                say(JSONWriter.pretty(document))
            }
        }
    }

    struct Execute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Execute an action with a raw requestBody (no mapping, no journal; `push --platform alloy` is the journalled way).")
        @OptionGroup var common: Common
        @Argument(help: "The connector (Alloy id or manifest id).") var connector: String
        @Argument(help: "The action id.") var action: String
        @Option(help: "The tenant.") var tenant: String
        @Option(help: ArgumentHelp("The requestBody: a JSON file, or - for stdin.", valueName: "file")) var body: String
        @Option(name: .customLong("path-param"), help: ArgumentHelp("A path parameter name=value (repeatable).", valueName: "name=value")) var pathParams: [String] = []
        func run() async throws {
            let context = try common.context()
            let t = try context.workspace.tenant(tenant)
            let data = body == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: body)
            guard let data else { throw CLIError("\(body): cannot read the file") }
            let value: JSONValue
            do { value = try JSONParser.parse(data) } catch { throw CLIError("\(body):\(error.line):\(error.column): \(error.reason)", prefixed: false) }
            var params: [String: String] = [:]
            for pair in pathParams {
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw CLIError("--path-param \(pair): expected name=value", exitCode: 2) }
                params[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            let id = AlloyConnectorID.resolve(connector), actionID = action, frozen = params
            let result = try await context.call { p throws(PlatformError) in
                try await p.execute(tenant: t, connector: id, action: actionID, requestBody: value, pathParams: frozen)
            }
            say(JSONWriter.pretty(["statusCode": .number(Double(result.statusCode)), "responseData": result.responseData]))
        }
    }
}

/// An alloy command's view of the workspace's Alloy account.
struct AlloyContext {
    let workspace: Workspace
    let access: AlloyAccess
    var baseURL: String { access.baseURL }
    var account: AlloyAccountStore { access.account }
    var platform: AlloyPlatform { access.platform }
    var keySource: String { access.keySource }

    /// Runs an Alloy call; its error becomes a one-line CLI error.
    func call<T: Sendable>(_ body: (AlloyPlatform) async throws(PlatformError) -> T) async throws -> T {
        do throws(PlatformError) { return try await body(platform) } catch { throw CLIError(error.description) }
    }

    /// Tenant names by id ("?" for none).
    func tenantNames() -> [Int64: String] { (try? workspace.tenantNames()) ?? [:] }
}
