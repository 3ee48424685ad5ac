import ConsoleKit
import Foundation
import SwitchboardCore

extension SwitchboardApp {
    /// `:mapping [CONNECTOR ACTION]`, `:history`, `:bulk FILE`, `:send` and `:send!`.
    func runDataCommand(_ name: String, _ argument: String, _ model: inout AppModel) -> [Effect<AppMsg>] {
        func flash(_ level: Flash.Level, _ text: String) { model.flash = Flash(level, text, now: dependencies.now()) }
        switch name {
        case "mapping":
            switch resolveAction(argument, model) {
            case .failure(let failure): flash(.error, failure.message)
            case .success(let (connector, action)): openMappingEditor(connector, action, &model)
            }
        case "history":
            guard let tenant = model.context.tenant else { flash(.warning, "Select a tenant first (:tenants, Enter): history is per tenant"); return [] }
            guard let data = dependencies.data else { flash(.error, "History is unavailable: the data folder cannot be opened (check SWITCHBOARD_HOME)"); return [] }
            do {
                let runs = try data.runs(tenant)
                var history = HistoryScreen(tenant: tenant, runs: runs, catalog: model.catalog, items: data.runItems,
                                            resume: data.resumePush, reload: { try data.runs(tenant) })
                // `:history RUN` opens History on that run (a finished push's `h`).
                if !argument.isEmpty, !history.select(runID: argument) { flash(.warning, "No run \(argument) for \(tenant); showing every run") }
                model.screens.append(history)
            } catch {
                flash(.error, "Cannot read the history: \(error)")
            }
        case "bulk":
            return openBulk(argument, &model)
        case "schema":
            return refreshSchema(argument, &model)
        default:  // send, send!
            return send(confirmed: name == "send!", &model)
        }
        return []
    }

    /// `:schema [CONNECTOR]`: reads the tenant's fields of the connector (else the one on screen) again.
    private func refreshSchema(_ argument: String, _ model: inout AppModel) -> [Effect<AppMsg>] {
        func flash(_ level: Flash.Level, _ text: String) { model.flash = Flash(level, text, now: dependencies.now()) }
        guard let tenant = model.context.tenant else { flash(.warning, "Select a tenant first (:tenants, Enter): a schema is per tenant"); return [] }
        guard let data = dependencies.data else { flash(.error, "Schemas are unavailable: the data folder cannot be opened (check SWITCHBOARD_HOME)"); return [] }
        let named = argument.trimmingCharacters(in: .whitespaces)
        let connector = named.isEmpty ? (try? resolveAction("", model).get().0.id) ?? model.context.connector : named
        guard let connector, model.catalog.connector(id: connector) != nil else {
            flash(.warning, named.isEmpty ? "Usage: :schema CONNECTOR (or open a connector first)" : "No connector \"\(named)\" in the catalog")
            return []
        }
        flash(.info, "Reading \(tenant)'s \(connector) fields…")
        return [Effect("schema.refresh") {
            do { return AppMsg.flash(.info, try await data.refreshSchema(tenant, connector)) } catch {
                return AppMsg.flash(.error, "Could not read \(tenant)'s \(connector) fields: \(error)")
            }
        }]
    }

    /// The screen as it should open: a preview follows the selected tenant's mapping.
    /// A schema opens as the selected tenant's account has it.
    func prepared(_ screen: any ConsoleScreen, _ model: AppModel) -> any ConsoleScreen {
        if var review = screen as? ConflictReviewScreen {
            review.connectorNames = Dictionary(model.catalog.connectors.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            return review
        }
        if var queue = screen as? ConflictQueueScreen {
            queue.connectorNames = Dictionary(model.catalog.connectors.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            return queue
        }
        if let schema = screen as? SchemaScreen, let tenant = model.context.tenant, let data = dependencies.data {
            let (manifest, readAt) = data.tenantSchema(tenant, schema.connector)
            guard let action = manifest.action(id: schema.action.id)?.action else { return screen }
            return SchemaScreen(connector: manifest, action: action, account: tenant, readAt: action.object.flatMap { readAt[$0] })
        }
        guard let preview = screen as? PreviewScreen else { return screen }
        return withLiveCurl(preview.followsTenant ? tenantPreview(preview, model) ?? preview : preview, model)
    }

    /// The preview able to copy its request with the tenant's live token (`T`), when the selected
    /// tenant has a credential for its connector: the token is read through the core only then.
    private func withLiveCurl(_ preview: PreviewScreen, _ model: AppModel) -> PreviewScreen {
        guard let tenant = model.context.tenant, let data = dependencies.data,
              dependencies.auth?.credentialState(tenant, preview.connector.id) != nil else { return preview }
        var ready = preview
        if ready.tokenOwner == nil { ready.tokenOwner = tenant }
        let (connector, action, mapping, record) = (preview.connector, preview.action, preview.mapping, preview.shownRecord)
        ready.liveCurl = { try await data.liveRequest(tenant, connector, action, mapping, record).curl(redactingToken: false) }
        return ready
    }

    /// `preview` rebuilt with the tenant's newest mapping (nil without a tenant or data, or on error).
    /// A create of a record the tenant already pushed becomes the connector's update of it (a
    /// create would make a second copy; a push skips it), with its CRM id in the URL.
    private func tenantPreview(_ preview: PreviewScreen, _ model: AppModel) -> PreviewScreen? {
        guard let tenant = model.context.tenant, let data = dependencies.data else { return nil }
        let connector = preview.connector
        func build(_ action: ActionSpec) -> (mapping: FieldMapping, origin: String, resolved: ResolvedRecord)? {
            guard let (mapping, version) = try? data.loadMapping(tenant, connector, action.id) else { return nil }
            let origin = version.map { "\(tenant)'s version \($0)" } ?? "the connector's defaults (\(tenant) has no saved version)"
            return (mapping, origin, data.resolveReferences(tenant, connector, mapping, preview.record))
        }
        guard var (mapping, origin, resolved) = build(preview.action) else { return nil }
        var action = preview.action
        var note: String?
        if action.operation == .create, let linked = resolved.linkedID,
           let update = connector.actions(for: preview.record.object, .update).first(where: { !$0.isBatch }), let built = build(update) {
            (mapping, origin, resolved) = built
            action = update
            note = "Already in \(connector.name) as \(linked): this is the update (\(update.id)); a create would make a second copy"
        }
        var rebuilt = PreviewScreen(connector: connector, action: action, record: preview.record, mapping: mapping, mappingOrigin: origin,
                                    resolved: resolved)
        rebuilt.note = note
        rebuilt.followsTenant = preview.followsTenant
        if dependencies.auth?.credentialState(tenant, connector.id) != nil { rebuilt.tokenOwner = tenant }
        return rebuilt
    }

    /// The connector action named by "CONNECTOR ACTION", else the one the screen stack is about.
    func resolveAction(_ argument: String, _ model: AppModel) -> Result<(ConnectorManifest, ActionSpec), ActionLookupFailure> {
        let words = argument.split(separator: " ").map(String.init)
        if words.count == 2 {
            guard let connector = model.catalog.connector(id: words[0]) else { return .failure(ActionLookupFailure("No connector \"\(words[0])\" in the catalog")) }
            guard let action = connector.action(id: words[1])?.action else {
                return .failure(ActionLookupFailure("\(connector.name) has no action \"\(words[1])\"; known: \(connector.allActions.map(\.id).joined(separator: ", "))"))
            }
            return .success((connector, action))
        }
        guard words.isEmpty else { return .failure(ActionLookupFailure("Usage: :mapping CONNECTOR ACTION (or open an action's schema first)")) }
        for screen in model.screens.reversed() {
            switch screen {
            case let s as MappingEditorScreen: return .success((s.state.connector, s.state.action))
            case let s as PreviewScreen: return .success((s.connector, s.action))
            case let s as SchemaScreen: return .success((s.connector, s.action))
            case let s as BulkScreen: return .success((s.connector, s.action))
            case let s as ConnectorScreen:
                if let action = s.selectedAction { return .success((s.connector, action)) }
            default: continue
            }
        }
        return .failure(ActionLookupFailure("Open an action first (a connector, then Enter on an action), or give CONNECTOR ACTION"))
    }

    private func openMappingEditor(_ connector: ConnectorManifest, _ action: ActionSpec, _ model: inout AppModel) {
        guard !action.isBatch else {
            model.flash = Flash(.warning, "Batch actions use the single action's mapping: map the single create action", now: dependencies.now())
            return
        }
        guard action.requestSchema != nil else {
            model.flash = Flash(.warning, "\(action.id) takes no request body: nothing to map", now: dependencies.now())
            return
        }
        var mapping = FieldMapping.defaults(connector, actionId: action.id)
        var version: Int?
        var saver: MappingEditorScreen.Saver?
        var drift: [SchemaDrift] = []
        var choices: [ValueChoices] = []
        var (connector, action) = (connector, action)
        let tenant = model.context.tenant
        if let tenant, let data = dependencies.data {
            do {
                (mapping, version) = try data.loadMapping(tenant, connector, action.id)
                saver = { mapping, note in try data.saveMapping(tenant, mapping, note) }
            } catch {
                model.flash = Flash(.error, "Cannot read \(tenant)'s mapping: \(error)", now: dependencies.now())
                return
            }
            // The account's own fields are the targets; rules whose field changed are flagged.
            let merged = data.tenantSchema(tenant, connector).manifest
            if let tenantAction = merged.action(id: action.id)?.action { (connector, action) = (merged, tenantAction) }
            drift = data.mappingDrift(tenant, mapping)
            choices = data.valueChoices(tenant, connector.id, action.id)
        }
        model.screens.append(MappingEditorScreen(state: MappingEditorState(connector: connector, action: action, mapping: mapping, version: version, drift: drift, choices: choices),
                                                 tenant: tenant, saver: saver))
        if tenant == nil {
            model.flash = Flash(.warning, "No tenant selected: editing the connector's defaults; select a tenant (:tenant NAME) to save", now: dependencies.now())
        } else if dependencies.data == nil {
            model.flash = Flash(.warning, "Mappings cannot be saved: the data folder cannot be opened (check SWITCHBOARD_HOME)", now: dependencies.now())
        }
    }

    private func send(confirmed: Bool, _ model: inout AppModel) -> [Effect<AppMsg>] {
        func flash(_ level: Flash.Level, _ text: String) { model.flash = Flash(level, text, now: dependencies.now()) }
        guard var preview = model.top as? PreviewScreen else { flash(.warning, "Open a preview first (p on an action's schema), then ctrl+j"); return [] }
        if case .sending = preview.send { flash(.warning, "A send is already in progress"); return [] }
        guard let tenant = model.context.tenant else { flash(.warning, "Select a tenant first (:tenants, Enter): sending needs a tenant and its credential"); return [] }
        guard let data = dependencies.data else { flash(.error, "Sending is unavailable: the data folder cannot be opened (check SWITCHBOARD_HOME)"); return [] }
        guard preview.sendableRequest != nil else { flash(.error, "Not sent: the request is not valid (see the problems listed)"); return [] }
        if let auth = dependencies.auth {
            // A credential the CRM would refuse is refused here: nothing is journalled, no History run.
            switch auth.credentialState(tenant, preview.connector.id) {
            case nil:
                flash(.warning, "Not sent: \(tenant) has no \(preview.connector.name) credential — :connect \(preview.connector.id) first (CLI: switchboard auth login \(preview.connector.id) --tenant \(tenant))")
                return []
            case let state? where state == "needs re-auth" || state == "expired":
                flash(.warning, "Not sent: \(tenant)'s \(preview.connector.name) credential is \(state) — :connect! \(preview.connector.id) logs in again (CLI: switchboard auth login \(preview.connector.id) --tenant \(tenant) --force)")
                return []
            default: break
            }
        }
        // What is confirmed is what is sent: a preview made before the tenant's mapping applied is rebuilt first.
        if preview.followsTenant, let current = tenantPreview(preview, model), current.mapping != preview.mapping || current.action.id != preview.action.id {
            model.screens[model.screens.count - 1] = withLiveCurl(current, model)
            flash(.warning, current.action.id != preview.action.id
                  ? "Already in \(current.connector.name): the preview is now \(current.action.id); check it, then ctrl+j again"
                  : "The preview now uses \(current.mappingOrigin): check it, then ctrl+j again")
            return []
        }
        guard confirmed else {
            preview.send = .confirming(tenant: tenant)
            model.screens[model.screens.count - 1] = preview
            return []
        }
        do {
            let plan = try data.planPush(ConsoleData.PushRequest(tenant: tenant, connector: preview.connector, action: preview.action,
                                                                 mapping: preview.mapping, records: [preview.record]))
            let session = try data.startPush(plan, tenant, "console preview")
            preview.send = .sending(session)
            preview.sendTenant = tenant
            model.screens[model.screens.count - 1] = preview
            flash(.info, "Sending to \(preview.connector.name)…")
            return [session.nextEvent()]
        } catch {
            preview.send = .idle
            model.screens[model.screens.count - 1] = preview
            flash(.error, "Not sent: \(error)")
            return []
        }
    }

    private func openBulk(_ argument: String, _ model: inout AppModel) -> [Effect<AppMsg>] {
        func flash(_ level: Flash.Level, _ text: String) { model.flash = Flash(level, text, now: dependencies.now()) }
        guard !argument.isEmpty else { flash(.error, "Usage: :bulk FILE (JSON, JSON Lines or CSV records, for the action on screen)"); return [] }
        guard let tenant = model.context.tenant else { flash(.warning, "Select a tenant first (:tenants, Enter): pushing needs a tenant and its credential"); return [] }
        guard let data = dependencies.data else { flash(.error, "Bulk push is unavailable: the data folder cannot be opened (check SWITCHBOARD_HOME)"); return [] }
        guard case .success(let (connector, chosen)) = resolveAction("", model) else {
            flash(.warning, "Open the action to push through first (a connector, Enter on an action), then :bulk FILE")
            return []
        }
        guard let object = chosen.object else { flash(.warning, "\(chosen.id) has no record type to push"); return [] }
        // A batch action is used through its single action's mapping; the executor batches itself.
        let single = chosen.isBatch ? connector.actions(for: object, chosen.operation).first { !$0.isBatch } : chosen
        guard let action = single else { flash(.warning, "\(connector.name) has no single \(chosen.operation.rawValue) action for \(object.rawValue)"); return [] }
        let path = (argument as NSString).expandingTildeInPath
        do {
            let read = try data.readRecords(path, object)
            let (mapping, version) = try data.loadMapping(tenant, connector, action.id)
            let plan = try data.planPush(ConsoleData.PushRequest(tenant: tenant, connector: connector, action: action, mapping: mapping,
                                                                 records: read.records, unreadable: read.invalid))
            let origin = version.map { "\(tenant)'s version \($0)" } ?? "the connector's defaults"
            var bulk = BulkScreen(connector: connector, action: action, tenant: tenant, file: argument, plan: plan, mappingOrigin: origin,
                                  start: { plan in try data.startPush(plan, tenant, path) })
            bulk.places = read.places
            model.screens.append(bulk)
        } catch {
            flash(.error, "\(error)")
        }
        return []
    }
}

/// Why a command could not tell which connector action it is about.
struct ActionLookupFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
