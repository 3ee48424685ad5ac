import ConsoleKit
import Foundation
import SwitchboardCore

/// The console application: turns input into model changes and effects, and draws the model.
public struct SwitchboardApp: Application {
    public typealias Model = AppModel
    public typealias Msg = AppMsg

    public let dependencies: Dependencies

    public init(dependencies: Dependencies) { self.dependencies = dependencies }

    public func message(for event: InputEvent, model: AppModel) -> AppMsg? { .input(event) }

    public func tick(_ model: AppModel, now: Date) -> AppMsg? {
        if let flash = model.flash, flash.isExpired(at: now) { return .tick(now) }
        // Relative times advance about once a second on a screen that shows them.
        if model.top.wantsClock, model.lastClock.map({ now.timeIntervalSince($0) >= 1 }) ?? true { return .tick(now) }
        return nil
    }

    public func isFinished(_ model: AppModel) -> Bool { model.finished }

    public func takeTerminalOutput(_ model: inout AppModel) -> [String] {
        defer { model.terminalOutput.removeAll() }
        return model.terminalOutput
    }

    /// Every binding active now: the top screen's first, then the global ones (none while the
    /// screen has a dialog or picker open: every key goes to it).
    public func bindings(_ model: AppModel) -> [Binding<AppModel>] {
        let own = model.top.bindings()
        guard !model.top.isModal else { return own }
        // A global binding whose every key the screen labels itself (Bulk's esc while pushing)
        // is not offered: the bar would name one key twice, once for what it does not do.
        let taken = Set(own.filter(\.showInBar).flatMap(\.keys))
        return own + GlobalBindings.all(model).filter { !$0.keys.allSatisfy(taken.contains) }
    }

    public func update(_ model: inout AppModel, _ msg: AppMsg) -> [Effect<AppMsg>] {
        let before = (stack: model.breadcrumbs, flash: model.flash)
        let effects = updateScreens(&model, msg)
        // A flash line describes the screen it was said on: leaving that screen clears it.
        if case .input = msg, model.breadcrumbs != before.stack, model.flash == before.flash { model.flash = nil }
        // Every message said is kept for `!`, so one that cleared itself can be read again.
        if let flash = model.flash, flash != before.flash {
            model.flashLog.append(flash)
            if model.flashLog.count > AppModel.flashLogLimit { model.flashLog.removeFirst(model.flashLog.count - AppModel.flashLogLimit) }
        }
        // Credential states change only when the tenant changes or a command / login event runs;
        // reading them on every key would put store reads in the input loop.
        switch msg {
        case .command, .screenMessage: refreshCredentialStates(&model)
        default:
            if !model.credentialStatesLoaded || model.credentialStatesTenant != model.context.tenant { refreshCredentialStates(&model) }
        }
        model.context.authState = model.headerConnectorID.flatMap { model.credentialStates[$0] }
        return effects
    }

    /// Reads the selected tenant's credential state for every connector of the catalog (the
    /// header's auth state and the catalog's Status column both come from it); call it at start.
    public func refreshCredentialStates(_ model: inout AppModel) {
        var states: [String: String] = [:]
        var statuses: [String: String] = [:]
        if let tenant = model.context.tenant, let auth = dependencies.auth {
            for connector in model.catalog.connectors {
                guard let state = auth.credentialState(tenant, connector.id) else { continue }
                states[connector.id] = state
                statuses[connector.id] = state == "valid" && auth.schemaChanged(tenant, connector.id) ? "schema changed" : state
            }
        }
        model.credentialStates = states
        model.credentialStatesTenant = model.context.tenant
        model.credentialStatesLoaded = true
        model.context.authState = model.headerConnectorID.flatMap { states[$0] }
        guard var catalog = model.screens.first as? CatalogScreen,
              statuses != catalog.statuses || catalog.statusTenant != model.context.tenant else { return }
        catalog.statuses = statuses
        catalog.statusTenant = model.context.tenant
        model.screens[0] = catalog
    }

    func updateScreens(_ model: inout AppModel, _ msg: AppMsg) -> [Effect<AppMsg>] {
        switch msg {
        case .input(.key(let key)):
            return handle(key, &model)
        case .input(.resize(let size)):
            model.size = size
            return []
        case .input(.mouse(let action, let x, let y)):
            guard case .normal = model.mode else { return [] }
            let content = AppView.contentRect(model.size)
            let outcome = model.withTop { $0.mouse(action, x: x, row: y - content.y, content: content) }
            return apply(outcome, &model)
        case .input(.paste(let text)):
            return paste(text, &model)
        case .tick(let now):
            if let flash = model.flash, flash.isExpired(at: now) { model.flash = nil }
            if model.top.wantsClock {
                model.withTop { $0.clock(now) }
                model.lastClock = now
            }
            return []
        case .command(let line):
            return run(command: line, &model)
        case .flash(let level, let text):
            model.flash = Flash(level, text, now: dependencies.now())
            return []
        case .screenMessage(let message):
            let now = dependencies.now()
            var effects: [Effect<AppMsg>] = []
            for i in model.screens.indices.reversed() {
                let outcome = model.screens[i].receive(message, now: now)
                effects += apply(outcome, &model)
            }
            return effects
        }
    }

    public func view(_ model: AppModel, into buffer: inout ScreenBuffer) -> (x: Int, y: Int)? {
        AppView(app: self).render(model, into: &buffer)
    }

    // MARK: - Keys

    private func handle(_ key: Key, _ model: inout AppModel) -> [Effect<AppMsg>] {
        switch model.mode {
        case .confirmQuit:
            switch key {
            case .character("y"), .enter: model.finished = true
            case .character("n"), .escape, .character("q"): model.mode = .normal
            default: break
            }
            return []
        case .confirmLeave:
            switch key {
            case .character("y"), .enter:
                model.mode = .normal
                return leave(&model)
            case .character("n"), .escape, .character("q"): model.mode = .normal
            default: break
            }
            return []
        case .help(let scroll):
            switch key {
            case .escape, .character("q"), .character("?"): model.mode = .normal
            case .up, .character("k"): model.mode = .help(scroll: max(0, scroll - 1))
            case .down, .character("j"): model.mode = .help(scroll: scroll + 1)
            case .pageUp: model.mode = .help(scroll: max(0, scroll - model.pageSize))
            case .pageDown, .character(" "): model.mode = .help(scroll: scroll + model.pageSize)
            case .home, .character("g"): model.mode = .help(scroll: 0)
            default: break
            }
            return []
        case .messages(let scroll):
            switch key {
            case .escape, .character("q"), .character("!"): model.mode = .normal
            case .up, .character("k"): model.mode = .messages(scroll: max(0, scroll - 1))
            case .down, .character("j"): model.mode = .messages(scroll: scroll + 1)
            case .home, .character("g"): model.mode = .messages(scroll: 0)
            default: break
            }
            return []
        case .details(let scroll):
            switch key {
            case .escape, .character("q"), .character("v"), .enter: model.mode = .normal
            case .up, .character("k"): model.mode = .details(scroll: max(0, scroll - 1))
            case .down, .character("j"): model.mode = .details(scroll: scroll + 1)
            case .home, .character("g"): model.mode = .details(scroll: 0)
            default: break
            }
            return []
        case .command(var input):
            switch key {
            case .escape: model.mode = .normal
            case .enter:
                model.mode = .normal
                return run(command: input.text, &model)
            case .tab:
                complete(&input, &model)
                model.mode = .command(input)
            default:
                _ = input.handle(key)
                model.mode = .command(input)
            }
            return []
        case .filter(var input):
            switch key {
            case .escape:
                model.mode = .normal
                model.withTop { $0.setFilter("") }
            case .enter:
                model.mode = .normal
                let effects = apply(model.withTop { $0.confirmFilter() }, &model)
                // A screen that refused the text keeps collecting it: the prompt stays open with
                // the text, and the flash line above it says why.
                if model.top.isTextEntry, case .normal = model.mode { model.mode = .filter(TextInput(model.top.filterText)) }
                return effects
            default:
                if input.handle(key) {
                    model.mode = .filter(input)
                    let text = input.text
                    model.withTop { $0.setFilter(text) }
                }
            }
            return []
        case .palette(var input, var list):
            let entries = PaletteEntries.filtered(PaletteEntries.all(model, themes: dependencies.availableThemes()), query: input.text)
            switch key {
            case .escape: model.mode = .normal
            case .enter:
                model.mode = .normal
                guard !entries.isEmpty else { return [] }
                return perform(entries[list.selected].action, key: key, &model)
            case .up, .ctrl("k"): list.move(by: -1); model.mode = .palette(input, list)
            case .down, .ctrl("j"), .tab: list.move(by: 1); model.mode = .palette(input, list)
            default:
                if input.handle(key) {
                    list = ListState(count: PaletteEntries.filtered(PaletteEntries.all(model, themes: dependencies.availableThemes()), query: input.text).count)
                }
                model.mode = .palette(input, list)
            }
            return []
        case .normal:
            guard let binding = bindings(model).binding(for: key) else { return [] }
            if let reason = binding.disabledReason(model) {
                model.flash = Flash(.warning, "\(binding.title.capitalizedFirst): \(reason)", now: dependencies.now())
                return []
            }
            // Leaving a screen with unsaved work asks first, as quitting does.
            if Self.isLeave(binding.id), model.top.hasUnsavedChanges, model.top.filterText.isEmpty {
                model.mode = .confirmLeave
                return []
            }
            return perform(.binding(binding.id), key: key, &model)
        }
    }

    /// Runs a binding or a command line, whichever the action names.
    func perform(_ action: PaletteEntries.Action, key: Key, _ model: inout AppModel) -> [Effect<AppMsg>] {
        switch action {
        case .command(let line):
            return run(command: line, &model)
        case .prefill(let text):
            model.mode = .command(TextInput(text))
            return []
        case .binding(let id):
            switch id {
            case "app.filter": model.mode = .filter(TextInput(model.top.filterText))
            case "app.command": model.mode = .command(TextInput())
            case "app.palette":
                let count = PaletteEntries.all(model, themes: dependencies.availableThemes()).count
                model.mode = .palette(TextInput(), ListState(count: count))
            case "app.help": model.mode = .help(scroll: 0)
            case "app.messages": model.mode = .messages(scroll: 0)
            case "app.details": model.mode = .details(scroll: 0)
            case "app.back": back(&model)
            case "app.quit": quit(&model)
            default:
                let pageSize = model.pageSize
                let outcome = model.withTop { $0.perform(id, key: key, pageSize: pageSize) }
                return apply(outcome, &model)
            }
            return []
        }
    }

    /// Whether a binding leaves the screen (the app's back, or a screen's own `….back`).
    static func isLeave(_ id: String) -> Bool { id == "app.back" || id.hasSuffix(".back") }

    /// Leaves the top screen after the question: through its own back binding when it has one
    /// (which also stops what it was waiting for), else by popping it.
    private func leave(_ model: inout AppModel) -> [Effect<AppMsg>] {
        if let own = model.top.bindings().binding(for: .escape), Self.isLeave(own.id) {
            let pageSize = model.pageSize
            return apply(model.withTop { $0.perform(own.id, key: .escape, pageSize: pageSize) }, &model)
        }
        if model.screens.count > 1 { model.screens.removeLast() }
        model.flash = nil
        return []
    }

    private func back(_ model: inout AppModel) {
        if !model.top.filterText.isEmpty {
            model.withTop { $0.setFilter("") }
        } else if model.screens.count > 1 {
            model.screens.removeLast()
        }
    }

    private func quit(_ model: inout AppModel) {
        if model.hasUnsavedWork { model.mode = .confirmQuit } else { model.finished = true }
    }

    func apply(_ outcome: ScreenOutcome, _ model: inout AppModel) -> [Effect<AppMsg>] {
        switch outcome {
        case .none: return []
        case .push(let screen):
            model.screens.append(prepared(screen, model))
            if model.top.opensPrompt { model.mode = .filter(TextInput(model.top.filterText)) }
        case .pop: if model.screens.count > 1 { model.screens.removeLast() }
        case .flash(let level, let text): model.flash = Flash(level, text, now: dependencies.now())
        case .copy(let text, let label):
            model.terminalOutput.append(OSC52.copy(text))
            model.flash = Flash(.info, "Copied \(label) to the clipboard (OSC 52)", now: dependencies.now())
        case .effect(let effect): return [effect]
        case .effects(let effects): return effects
        case .prompt: model.mode = .filter(TextInput(model.top.filterText))
        case .command(let line): return run(command: line, &model)
        }
        return []
    }

    private func paste(_ text: String, _ model: inout AppModel) -> [Effect<AppMsg>] {
        switch model.mode {
        case .command(var input): input.insert(text); model.mode = .command(input)
        case .filter(var input):
            input.insert(text)
            model.mode = .filter(input)
            let t = input.text
            model.withTop { $0.setFilter(t) }
        case .palette(var input, _):
            input.insert(text)
            model.mode = .palette(input, ListState(count: PaletteEntries.filtered(PaletteEntries.all(model, themes: dependencies.availableThemes()), query: input.text).count))
        case .normal:
            // Pasted text is never run as keys.
            model.flash = Flash(.warning, "Pasted text ignored: paste into a prompt (/ filters, : runs a command)", now: dependencies.now())
        default: break
        }
        return []
    }

    /// What `:` can complete to here: the catalog's connectors, methods and actions, the tenants,
    /// themes, categories and the file system.
    func suggestionContext(_ model: AppModel) -> CommandSuggestions.Context {
        let catalog = model.catalog, auth = dependencies.auth
        return CommandSuggestions.Context(
            themes: dependencies.availableThemes(),
            connectors: catalog.connectors.map { ($0.id, $0.name) },
            categories: catalog.categories,
            tenants: { ((try? auth?.tenants()) ?? []).map(\.name) },
            methods: { id in catalog.connector(id: id)?.authMethods.map { ($0.id, $0.name) } ?? [] },
            actions: { id in catalog.connector(id: id)?.allActions.map { ($0.id, "\($0.method) \($0.path)") } ?? [] },
            files: { CommandSuggestions.listFolder($0) })
    }

    /// Tab: the one suggestion, else the longest common beginning of them (all are listed above
    /// the prompt while it is open).
    private func complete(_ input: inout TextInput, _ model: inout AppModel) {
        let options = CommandSuggestions.suggestions(for: input.text, context: suggestionContext(model)).map(\.completion)
        guard !options.isEmpty else {
            model.flash = Flash(.warning, "No completion for \"\(input.text)\"", now: dependencies.now())
            return
        }
        if options.count == 1 { input.set(options[0]); return }
        let common = options.dropFirst().reduce(options[0]) { $0.commonPrefix(with: $1) }
        if common.count > input.text.count { input.set(common) }
    }

    // MARK: - Commands

    private func run(command line: String, _ model: inout AppModel) -> [Effect<AppMsg>] {
        let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = words.first else { return [] }
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        func flash(_ level: Flash.Level, _ text: String) { model.flash = Flash(level, text, now: dependencies.now()) }
        switch name {
        case "theme":
            guard !argument.isEmpty else {
                flash(.info, "Theme \(model.theme.name); available: \(dependencies.availableThemes().joined(separator: ", "))")
                return []
            }
            do throws(ThemeError) {
                model.theme = try dependencies.loadTheme(argument)
                flash(.info, "Theme: \(model.theme.name)")
            } catch {
                flash(.error, "Theme not changed: \(error.description)")
            }
        case "connector":
            guard let connector = model.catalog.connector(id: argument) ?? model.catalog.connectors.first(where: { $0.name.lowercased() == argument.lowercased() }) else {
                flash(.error, argument.isEmpty ? "Usage: :connector ID (Tab completes)" : "No connector \"\(argument)\" in the catalog (Tab completes ids)")
                return []
            }
            model.screens = [model.screens[0], ConnectorScreen(connector: connector)]
        case "category":
            model.screens = [model.screens[0]]
            let category = argument.isEmpty || argument == "all" ? nil : argument
            if let category, !model.catalog.categories.contains(category) {
                flash(.error, "No category \"\(category)\"; categories: \(model.catalog.categories.joined(separator: ", "))")
                return []
            }
            model.withTop { screen in
                if var catalog = screen as? CatalogScreen {
                    catalog.setCategory(category)
                    screen = catalog
                }
            }
        case "tenants", "tenant", "connect", "connect!":
            return runAuthCommand(name, argument, &model)
        case "records", "sync", "conflicts":
            return runSyncCommand(name, &model)
        case "mapping", "history", "bulk", "send", "send!", "schema":
            return runDataCommand(name, argument, &model)
        case "catalog":
            model.screens = [model.screens[0]]
        case "help", "h":
            model.mode = .help(scroll: 0)
        case "quit", "q", "q!":
            if name == "q!" { model.finished = true } else { quit(&model) }
        default:
            flash(.error, "Unknown command \"\(name)\"; commands: \(PaletteCommands.specs.map(\.name).joined(separator: ", "))")
        }
        return []
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// OSC 52: asks the terminal to put text on the system clipboard (works over SSH and in tmux).
public enum OSC52 {
    /// The escape sequence that copies `text`.
    public static func copy(_ text: String) -> String {
        "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
    }
}
