import ConsoleKit
import Foundation
import SwitchboardCore

extension SwitchboardApp {
    /// `:records`, `:sync` and `:conflicts`.
    func runSyncCommand(_ name: String, _ model: inout AppModel) -> [Effect<AppMsg>] {
        func flash(_ level: Flash.Level, _ text: String) { model.flash = Flash(level, text, now: dependencies.now()) }
        guard let sync = dependencies.sync else {
            flash(.error, "Records and sync are unavailable: the data folder cannot be opened (check SWITCHBOARD_HOME)")
            return []
        }
        if name == "conflicts" {
            model.screens = [model.screens[0], prepared(ConflictQueueScreen(sync: sync, tenant: model.context.tenant, now: dependencies.now()), model)]
            return []
        }
        guard let tenant = model.context.tenant else {
            flash(.warning, "Select a tenant first (:tenants, Enter)")
            return []
        }
        if name == "records" {
            let connector = model.context.connector.flatMap { model.catalog.connector(id: $0) }
                ?? ((try? sync.targets(tenant)) ?? []).first.flatMap { model.catalog.connector(id: $0.connectorID) }
            model.screens = [model.screens[0], RecordsScreen(sync: sync, tenant: tenant, previewConnector: connector)]
        } else {
            model.screens = [model.screens[0], SyncScreen(sync: sync, tenant: tenant, now: dependencies.now())]
        }
        return []
    }
}
