import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard tenants create|list|show|rename|delete`.
struct TenantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Create, list, rename and delete tenants (the customers whose CRMs you connect).",
        discussion: "Data lives in $SWITCHBOARD_HOME (default: $XDG_DATA_HOME/switchboard or ~/.local/share/switchboard). See docs/auth.md.",
        subcommands: [Create.self, List.self, Show.self, Rename.self, Delete.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tenant.")
        @Argument(help: "A unique name: letters, digits, '.', '_' or '-'.") var name: String
        @Option(name: .customLong("external-id"), help: "The tenant's id in your own system.") var externalID: String?
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            do {
                let tenant = try stores.tenants.create(name: name, externalID: externalID)
                say("Created tenant \(tenant.name)" + (tenant.externalID.map { " (external id \($0))" } ?? ""))
            } catch { throw CLIError(String(describing: error)) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            do {
                let tenants = try stores.tenants.list()
                let counts = try tenants.map { try stores.tenants.credentialCount($0) }
                if json {
                    say(JSONWriter.pretty(.array(zip(tenants, counts).map { .object(TenantsCommand.json($0, credentials: $1)) })))
                } else if tenants.isEmpty {
                    say("No tenants yet; create one with `switchboard tenants create NAME`.")
                } else {
                    say(TextTable.render(header: ["NAME", "EXTERNAL ID", "CREDENTIALS", "CREATED"], rows: zip(tenants, counts).map {
                        [$0.name, $0.externalID ?? "-", String($1), isoDate($0.createdAt)]
                    }))
                }
            } catch { throw CLIError(String(describing: error)) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant and its credentials.")
        @Argument(help: "The tenant's name.") var name: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let tenant = try workspace.tenant(name)
            let credentials: [Credential]
            credentials = try storeCall { try workspace.credentials().list(tenant: tenant) }
            if json {
                var object = TenantsCommand.json(tenant, credentials: credentials.count)
                object["connections"] = .array(credentials.map { AuthCommand.json($0, tenant: tenant) })
                say(JSONWriter.pretty(sortedKeys(.object(object))))
                return
            }
            say("Tenant      \(tenant.name)")
            say("External id \(tenant.externalID ?? "-")")
            say("Created     \(isoDate(tenant.createdAt))")
            if credentials.isEmpty {
                say("Connections none (connect one with `switchboard auth login CONNECTOR --tenant \(tenant.name)`)")
            } else {
                say("Connections")
                say(TextTable.rows(credentials.map { ["  " + $0.connectorID, $0.state(at: Date()), $0.id, $0.tokenHint] }))
            }
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a tenant; its connections follow.")
        @Argument(help: "The current name.") var old: String
        @Argument(help: "The new name.") var new: String
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            do {
                let tenant = try stores.tenants.rename(old, to: new)
                say("Renamed tenant \(old) to \(tenant.name)")
            } catch { throw CLIError(String(describing: error)) }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tenant.",
            discussion: "Without --purge a tenant that still has data is kept. --purge deletes the tenant with all its data (credentials, mappings, records, history, conflicts): the GDPR erasure. Credentials are deleted locally, not revoked; run `auth logout` first to revoke them at the provider.")
        @Argument(help: "The tenant's name.") var name: String
        @Flag(help: "Also delete everything the tenant owns.") var purge = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            do {
                try stores.tenants.delete(name, purge: purge)
                say(purge ? "Deleted tenant \(name) and all its data" : "Deleted tenant \(name)")
            } catch { throw CLIError(String(describing: error)) }
        }
    }

    static func json(_ tenant: Tenant, credentials: Int) -> JSONObject {
        JSONObject([("createdAt", .string(isoDate(tenant.createdAt))), ("credentials", .number(Double(credentials))),
                    ("externalId", tenant.externalID.map(JSONValue.string) ?? .null), ("id", .number(Double(tenant.id))), ("name", .string(tenant.name))])
    }
}
