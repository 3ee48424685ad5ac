import ConsoleKit
import Foundation
import SwitchboardCore

extension SwitchboardApp {
    /// `:tenants`, `:tenant NAME` and `:connect [ID]`.
    func runAuthCommand(_ name: String, _ argument: String, _ model: inout AppModel) -> [Effect<AppMsg>] {
        func flash(_ level: Flash.Level, _ text: String) { model.flash = Flash(level, text, now: dependencies.now()) }
        guard let auth = dependencies.auth else {
            flash(.error, "Tenants are unavailable: the data folder cannot be opened (check SWITCHBOARD_HOME)")
            return []
        }
        switch name {
        case "tenants":
            model.screens = [model.screens[0], TenantsScreen(auth: auth, selected: model.context.tenant)]
        case "tenant":
            guard !argument.isEmpty else {
                flash(.info, model.context.tenant.map { "Tenant: \($0)" } ?? "No tenant selected; :tenants lists them")
                return []
            }
            guard let row = ((try? auth.tenants()) ?? []).first(where: { $0.name.lowercased() == argument.lowercased() }) else {
                flash(.error, "No tenant \"\(argument)\"; :tenants lists and creates them")
                return []
            }
            model.context.tenant = row.name
            model.context.authState = model.context.connector.flatMap { connector in auth.credentialState(row.name, connector) }
            flash(.info, "Tenant: \(row.name)")
        default:  // connect
            guard let tenant = model.context.tenant else {
                flash(.warning, "Select a tenant first (:tenants, Enter)")
                return []
            }
            let words = argument.split(separator: " ").map(String.init)
            let fromStack = model.screens.reversed().compactMap { ($0 as? ConnectorScreen)?.connector }.first
            guard let connector = words.isEmpty ? fromStack : model.catalog.connector(id: words[0]) else {
                flash(.error, words.isEmpty ? "Usage: :connect ID [METHOD] (or open a connector first)" : "No connector \"\(words[0])\" in the catalog")
                return []
            }
            if words.count > 1 {
                // One of the connector's token methods: the values and the token are entered on the screen.
                guard let method = connector.authMethod(words[1]) else {
                    let known = connector.authMethods.map(\.id)
                    flash(.error, "\(connector.name) has no method \"\(words[1])\"" + (known.isEmpty ? "; it connects with OAuth only" : "; its methods: \(known.joined(separator: ", "))"))
                    return []
                }
                model.context.connector = connector.id
                // The prompt is open with the screen: a token typed straight away goes into it.
                return apply(.push(TokenConnectScreen(connector: connector, method: method, tenant: tenant) { token, inputs in
                    try await auth.connectWithToken(tenant, connector.id, method.id, token, inputs)
                }), &model)
            }
            if name == "connect", auth.credentialState(tenant, connector.id) == "valid" {
                model.context.connector = connector.id
                model.context.authState = "valid"
                flash(.info, "Tenant \(tenant) already has a valid \(connector.name) credential (kept); :connect! \(connector.id) logs in again")
                return []
            }
            do {
                let session = try auth.startLogin(tenant, connector)
                model.context.connector = connector.id
                // Under --sandbox the screen can answer the sandbox's consent page itself (a / d).
                model.screens.append(ConnectScreen(connector: connector, tenant: tenant, session: session, now: dependencies.now(),
                                                   consent: model.context.isSandbox ? auth.answerConsent : nil))
                return [ConnectScreen.nextEvent(session)]
            } catch let error as WorkspaceError where error.isUsage {
                // A connector the console cannot connect interactively (an API key): the command that does.
                flash(.warning, error.message)
            } catch {
                flash(.error, "Cannot connect: \(String(describing: error))")
            }
        }
        return []
    }
}
