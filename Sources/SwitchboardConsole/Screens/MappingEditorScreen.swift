import ConsoleKit
import Foundation
import SwitchboardCore

/// The mapping editor: the action's body fields (required first, marked *) and, for each, its
/// source (universal field(s) or constant, with transforms), the value it gets from the sample
/// record, and what is wrong with it. Keys pick a source field, add a transform, set a constant,
/// clear, auto-map, undo and save (a new version for the selected tenant).
public struct MappingEditorScreen: ConsoleScreen {
    /// Saves a mapping as the tenant's new version; returns the version number.
    public typealias Saver = @Sendable (FieldMapping, String) throws -> Int

    /// A list shown over the fields: universal fields, transforms, or the tenant's values of the
    /// field (its picklist or its pipelines' stages; the first row is the label → value lookup).
    enum Picker: Sendable, Equatable {
        case fields(ListState, adding: Bool)
        case transforms(ListState)
        case values(ListState, ValueChoices)
    }

    /// Text typed in the app's prompt line (its filter mode) for a constant or a transform's argument.
    enum Prompt: Sendable, Equatable {
        case constant
        case transformArgument(String)
    }

    public private(set) var state: MappingEditorState
    public let tenant: String?
    let saver: Saver?
    var list = ListState()
    var picker: Picker?
    var prompt: Prompt?
    var promptText = ""
    /// The text typed with `/` while a picker is open: it narrows the picker's choices.
    var pickerFilter = ""

    public init(state: MappingEditorState, tenant: String?, saver: Saver?) {
        self.state = state
        self.tenant = tenant
        self.saver = saver
        list.setCount(state.fields.count)
    }

    public var breadcrumb: String { "Mapping \(state.action.id)" }
    public var connectorID: String? { state.connector.id }
    public var hasUnsavedChanges: Bool { state.isDirty }
    /// A picker is a dialog: only its keys (and `/` to narrow it) work while it is open.
    public var isModal: Bool { picker != nil }
    public var supportsFilter: Bool { prompt != nil || picker != nil }
    public var isTextEntry: Bool { prompt != nil }
    public var filterText: String { prompt != nil ? promptText : picker != nil ? pickerFilter : "" }
    public var filterPrompt: String {
        switch prompt {
        case .constant: return "constant (JSON or text)"
        case .transformArgument(let name): return "\(name) arguments, e.g. \(Self.argumentExample(name))"
        case nil: return "filter"
        }
    }

    /// The picker's choices passing its filter: (index in the full list, name, detail).
    func pickerItems(_ picker: Picker) -> [(index: Int, name: String, detail: String)] {
        let all: [(String, String)]
        switch picker {
        case .fields: all = state.sourceFields.map { name in (name, state.record.value(name).map { JSONWriter.compact($0) } ?? "") }
        case .transforms: all = TransformSpec.known.map { ($0.name + ($0.arguments > 0 ? ":ARG" : ""), $0.summary) }
        case .values(_, let values):
            let labels = values.unambiguous.count
            all = [("lookup", "every label → its value (\(labels) label\(labels == 1 ? "" : "s")), on the source field")]
                + values.choices.map { ($0.displayLabel, $0.valueText) }
        }
        return all.enumerated().filter { ListFilter.matches(pickerFilter, "\($0.element.0) \($0.element.1)") }.map { ($0.offset, $0.element.0, $0.element.1) }
    }

    /// The field under the cursor.
    public var selected: MappingCheck.FieldResult? {
        state.fields.indices.contains(list.selected) ? state.fields[list.selected] : nil
    }

    public func bindings() -> [Binding<AppModel>] {
        if picker != nil {
            return [
                Binding("picker.up", keys: [.up, .character("k")], title: "previous", group: "Pick", showInBar: false),
                Binding("picker.down", keys: [.down, .character("j")], title: "next", group: "Pick", showInBar: false),
                Binding("picker.choose", keys: [.enter], title: "choose", group: "Pick",
                        disabledReason: { model in
                            guard let s = model.top as? MappingEditorScreen, let p = s.picker else { return nil }
                            return s.pickerItems(p).isEmpty ? "nothing matches the filter" : nil
                        }),
                Binding("picker.filter", keys: [.character("/")], title: "filter", group: "Pick"),
                Binding("picker.cancel", keys: [.escape, .character("q")], title: "cancel", group: "Pick"),
            ]
        }
        return ListBindings.navigation(group: "Mapping") + [
            Binding("editor.field", keys: [.enter, .character("f")], title: "source field", group: "Mapping"),
            Binding("editor.join", keys: [.character("+")], title: "join another field", group: "Mapping", showInBar: false),
            Binding("editor.transform", keys: [.character("t")], title: "add transform", group: "Mapping"),
            Binding("editor.untransform", keys: [.character("T")], title: "remove last transform", group: "Mapping", showInBar: false),
            Binding("editor.constant", keys: [.character("c")], title: "constant", group: "Mapping"),
            Binding("editor.values", keys: [.character("l")], title: "values / lookup", group: "Mapping",
                    disabledReason: { model in
                        guard let s = model.top as? MappingEditorScreen, let f = s.selected else { return "no field selected" }
                        return s.state.choices(for: f.target.pointer) == nil
                            ? "\(f.target.name) has no picklist or pipeline stages in the tenant's account (:schema reads it)" : nil
                    }),
            Binding("editor.clear", keys: [.character("x"), .delete], title: "clear", group: "Mapping"),
            Binding("editor.auto", keys: [.character("a")], title: "auto-map", group: "Mapping"),
            Binding("editor.undo", keys: [.character("u")], title: "undo", group: "Mapping",
                    disabledReason: { model in ((model.top as? MappingEditorScreen)?.state.undoStack.isEmpty ?? true) ? "nothing to undo" : nil }),
            Binding("editor.save", keys: [.character("s")], title: "save", group: "Mapping"),
            Binding("editor.preview", keys: [.character("p")], title: "preview", group: "Mapping",
                    disabledReason: { model in (model.top as? MappingEditorScreen)?.state.action.isBatch == true ? "preview the single create action" : nil }),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if picker != nil { return performPicker(id) }
        if list.perform(navigation: id, pageSize: max(1, pageSize - Self.chromeHeight)) { return .none }
        guard let field = selected else { return .flash(.warning, "This action has no body fields to map") }
        let target = field.target.pointer
        switch id {
        case "editor.field", "editor.join":
            var choices = ListState(count: state.sourceFields.count)
            if let current = state.mapping.rule(for: target)?.source.fieldNames.last, let i = state.sourceFields.firstIndex(of: current) { choices.select(i) }
            pickerFilter = ""
            picker = .fields(choices, adding: id == "editor.join")
        case "editor.transform":
            guard state.mapping.rule(for: target) != nil else { return .flash(.warning, "Pick a source field (f) or a constant (c) first") }
            pickerFilter = ""
            picker = .transforms(ListState(count: TransformSpec.known.count))
        case "editor.untransform":
            return state.removeLastTransform(at: target) ? .flash(.info, "Removed the last transform of \(target)") : .flash(.warning, "\(target) has no transform")
        case "editor.constant":
            return startPrompt(.constant, text: state.mapping.rule(for: target).flatMap { rule in
                if case .constant(let v) = rule.source { return JSONWriter.compact(v) }
                return nil
            } ?? "")
        case "editor.values":
            guard let values = state.choices(for: target) else { return .flash(.warning, "\(field.target.name) has no picklist or pipeline stages in the tenant's account") }
            var choices = ListState(count: values.choices.count + 1)
            if let rule = state.mapping.rule(for: target), case .constant(let v) = rule.source, let i = values.choices.firstIndex(where: { $0.value == v }) { choices.select(i + 1) }
            pickerFilter = ""
            picker = .values(choices, values)
        case "editor.clear":
            return state.clear(target) ? .flash(.info, "Cleared \(target)") : .flash(.warning, "\(target) has no rule")
        case "editor.auto":
            let added = state.autoMap()
            return .flash(.info, added == 0 ? "Auto-map found nothing more to map" : "Auto-map added \(added) rule\(added == 1 ? "" : "s") (u undoes)")
        case "editor.undo":
            return state.undo() ? .flash(.info, "Undone") : .flash(.warning, "Nothing to undo")
        case "editor.save":
            return save()
        case "editor.preview":
            guard let object = state.action.object else { return .flash(.warning, "This action has no record type to preview") }
            return .push(PreviewScreen(connector: state.connector, action: state.action, record: state.record.object == object ? state.record : .sample(object),
                                       mapping: state.mapping, mappingOrigin: state.isDirty ? "the editor's unsaved mapping" : originText, followsTenant: false))
        default:
            break
        }
        return .none
    }

    private mutating func performPicker(_ id: String) -> ScreenOutcome {
        guard let picker, let target = selected?.target.pointer else { self.picker = nil; return .none }
        let items = pickerItems(picker)
        switch (picker, id) {
        case (_, "picker.filter"):
            return .prompt
        case (.fields(var choices, let adding), "picker.up"), (.fields(var choices, let adding), "picker.down"):
            choices.move(by: id == "picker.up" ? -1 : 1)
            self.picker = .fields(choices, adding: adding)
        case (.transforms(var choices), "picker.up"), (.transforms(var choices), "picker.down"):
            choices.move(by: id == "picker.up" ? -1 : 1)
            self.picker = .transforms(choices)
        case (.values(var choices, let values), "picker.up"), (.values(var choices, let values), "picker.down"):
            choices.move(by: id == "picker.up" ? -1 : 1)
            self.picker = .values(choices, values)
        case (.values(let choices, let values), "picker.choose"):
            guard items.indices.contains(choices.selected) else { return .none }
            self.picker = nil
            let index = items[choices.selected].index
            guard index > 0 else {
                if let reason = state.addLookup(values) { return .flash(.warning, reason) }
                return .flash(.info, "\(target): labels → values lookup added (\(values.unambiguous.count) labels)")
            }
            let choice = values.choices[index - 1]
            state.choose(choice, of: values)
            let pipeline = choice.pipeline.flatMap { p in values.pipelineTarget.map { " and \($0) = \(p.id) (\(p.label))" } } ?? ""
            return .flash(.info, "\(target) = \(choice.valueText) (\(choice.label))" + pipeline)
        case (.fields(let choices, let adding), "picker.choose"):
            guard items.indices.contains(choices.selected) else { return .none }
            self.picker = nil
            let name = state.sourceFields[items[choices.selected].index]
            state.setSource(name, at: target, adding: adding)
            return .flash(.info, "\(target) ← \(state.mapping.rule(for: target)?.source.fieldNames.joined(separator: " + ") ?? name)")
        case (.transforms(let choices), "picker.choose"):
            guard items.indices.contains(choices.selected) else { return .none }
            self.picker = nil
            let entry = TransformSpec.known[items[choices.selected].index]
            if entry.arguments > 0 || Self.optionTransforms.contains(entry.name) {
                return startPrompt(.transformArgument(entry.name), text: "")
            }
            return addTransform(entry.name, at: target)
        case (_, "picker.cancel"):
            self.picker = nil
        default:
            break
        }
        return .none
    }

    /// Transforms without positional arguments that still take options.
    static let optionTransforms: Set<String> = ["join", "lookup", "currency"]

    static func argumentExample(_ name: String) -> String {
        switch name {
        case "wrapArray": return "email:category=work"
        case "wrapObject": return "id"
        case "splitName": return "first"
        case "default": return "unknown"
        case "lookup": return "Won=closedwon:Lost=closedlost"
        case "currency": return "code=EUR"
        case "join": return "sep=, "
        default: return "ARG"
        }
    }

    private mutating func addTransform(_ text: String, at target: JSONPointer) -> ScreenOutcome {
        switch TransformSpec.parse(text) {
        case .failure(let e): return .flash(.error, "Transform not added: \(e.message)")
        case .success(let spec):
            if let reason = state.addTransform(spec, at: target) { return .flash(.warning, reason) }
            return .flash(.info, "\(target): added \(spec.description)")
        }
    }

    /// Opens the app's prompt line for typed text.
    private mutating func startPrompt(_ kind: Prompt, text: String) -> ScreenOutcome {
        prompt = kind
        promptText = text
        return .prompt
    }

    public mutating func setFilter(_ text: String) {
        if prompt != nil {
            promptText = text
        } else if let picker {
            pickerFilter = text
            let count = pickerItems(picker).count
            switch picker {
            case .fields(_, let adding): self.picker = .fields(ListState(count: count), adding: adding)
            case .transforms: self.picker = .transforms(ListState(count: count))
            case .values(_, let values): self.picker = .values(ListState(count: count), values)
            }
        }
    }

    public mutating func confirmFilter() -> ScreenOutcome {
        guard let prompt, let target = selected?.target.pointer else { return .none }
        let text = promptText
        switch prompt {
        case .constant:
            self.prompt = nil
            promptText = ""
            guard !text.isEmpty else { return .flash(.warning, "No constant set (the text was empty)") }
            state.setConstant(MappingEditorState.constant(from: text), at: target)
            return .flash(.info, "\(target) = \(JSONWriter.compact(MappingEditorState.constant(from: text)))")
        case .transformArgument(let name):
            // Arguments the transform refuses keep the prompt open with the text.
            if case .failure(let e) = TransformSpec.parse(text.isEmpty ? name : name + ":" + text) {
                return .flash(.error, "Transform not added: \(e.message); edit the arguments, or esc to cancel")
            }
            self.prompt = nil
            promptText = ""
            return addTransform(text.isEmpty ? name : name + ":" + text, at: target)
        }
    }

    private var originText: String {
        guard let tenant else { return "the connector's defaults (no tenant)" }
        return state.version.map { "\(tenant)'s version \($0)" } ?? "the connector's defaults (\(tenant) has no saved version)"
    }

    private mutating func save() -> ScreenOutcome {
        guard let tenant else { return .flash(.warning, "Not saved: select a tenant first (:tenants, or :tenant NAME), then open the editor again") }
        guard let saver else { return .flash(.error, "Not saved: the data folder cannot be opened (check SWITCHBOARD_HOME)") }
        guard state.isDirty || state.version == nil else { return .flash(.info, "No changes to save (\(originText))") }
        do {
            let version = try saver(state.mapping, "edited in the console")
            state.markSaved(version: version)
            let problems = state.check.problemCount
            return .flash(problems == 0 ? .info : .warning,
                          "Saved \(tenant)'s \(state.connector.name) \(state.action.id) mapping as version \(version)" + (problems == 0 ? "" : " (\(problems) problem(s) with the sample record)"))
        } catch {
            return .flash(.error, "Not saved: \(error)")
        }
    }

    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome {
        guard picker == nil else { return .none }
        list.mouse(action, row: row - Self.headerHeight, pageSize: max(1, pageSize - Self.chromeHeight))
        return .none
    }

    // MARK: - Drawing

    static let headerHeight = 3
    static let detailHeight = 3
    static var chromeHeight: Int { headerHeight + detailHeight }

    /// The source column's text for a rule.
    static func sourceText(_ rule: MappingRule?) -> String {
        guard let rule else { return "—" }
        var text: String
        switch rule.source {
        case .fields(let names): text = names.joined(separator: " + ")
        case .constant(let value): text = "= " + JSONWriter.compact(value)
        }
        if !rule.transforms.isEmpty { text += " | " + rule.transforms.map(\.description).joined(separator: " | ") }
        return text
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let x = rect.x + 1, w = max(0, rect.width - 2)
        let title = "\(state.connector.name) · \(state.action.id) — \(originText)" + (state.isDirty ? " · unsaved changes" : "")
        buffer.write(title, x: x, y: rect.y, width: w, style: theme.style(.title))
        let problems = state.check.problemCount
        let verdict = problems == 0 ? "✓ valid for the sample record \(state.record.id ?? "")" : "✖ \(problems) problem(s) with the sample record \(state.record.id ?? "")"
        buffer.write(verdict + " · * required", x: x, y: rect.y + 1, width: w, style: theme.style(problems == 0 ? .success : .error))
        if !state.drift.isEmpty {
            let note = "  ⚠ schema changed under \(state.drift.count) rule\(state.drift.count == 1 ? "" : "s")"
            let used = (verdict + " · * required").count
            if used + note.count < w { buffer.write(note, x: x + used, y: rect.y + 1, width: w - used, style: theme.style(.warning)) }
        }
        let drift = state.drift
        let tableRect = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: max(0, rect.height - Self.chromeHeight + 1))
        var state = list
        let fields = self.state.fields
        let text = theme.style(.text), muted = theme.style(.muted), required = theme.style(.required), error = theme.style(.error), success = theme.style(.success)
        TableView(columns: [TableColumn("Field", width: .min(18)), TableColumn("Type", width: .fixed(15)),
                            TableColumn("Source", width: .fill(2)), TableColumn("Value / problem", width: .fill(2))],
                  emptyMessage: "This action takes no request body").render(state: &state, in: tableRect, buffer: &buffer, theme: theme) { i in
            let f = fields[i]
            let rule = self.state.mapping.rule(for: f.target.pointer)
            var name: [Span] = f.target.required ? [Span("* ", required), Span(f.target.name, required)] : [Span("  " + f.target.name, text)]
            if f.target.custom { name.append(Span(" (custom)", muted)) }
            var result: [Span] = f.isValid
                ? [Span(f.value.map { "✓ " + JSONWriter.compact($0) } ?? (rule == nil ? "" : "· no value in the sample"), f.value == nil ? muted : success)]
                : [Span("✖ " + f.problems.joined(separator: "; "), error)]
            if let changed = drift.first(where: { $0.target == f.target.pointer }) {
                result = [Span("⚠ schema changed: \(changed.field) \(changed.what)", theme.style(.warning))] + (f.isValid ? [] : [Span("  ", muted)] + result)
            }
            return [name, [Span(f.target.typeText, muted)], [Span(Self.sourceText(rule), rule == nil ? muted : text)], result]
        }
        let detailY = rect.maxY - Self.detailHeight
        if rect.height > Self.chromeHeight, let f = selected {
            buffer.write(String(repeating: "─", count: max(0, rect.width)), x: rect.x, y: detailY, style: theme.style(.border))
            let rule = self.state.mapping.rule(for: f.target.pointer)
            buffer.write("\(f.target.pointer)  \(rule?.summary ?? "no rule")", x: x, y: detailY + 1, width: w, style: text)
            buffer.write(f.target.summary.isEmpty ? " " : f.target.summary, x: x, y: detailY + 2, width: w, style: muted)
        }
        if let picker { renderPicker(picker, in: rect, buffer: &buffer, theme: theme) }
    }

    private func renderPicker(_ picker: Picker, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let items = pickerItems(picker).map { ($0.name, $0.detail) }
        var choices: ListState
        var title: String
        switch picker {
        case .fields(let s, let adding):
            choices = s
            title = adding ? "Join a field to \(selected?.target.name ?? "")" : "Source for \(selected?.target.name ?? "")"
        case .transforms(let s):
            choices = s
            title = "Add a transform"
        case .values(let s, let values):
            choices = s
            title = "Values of \(selected?.target.name ?? "") in the tenant's account" + (values.pipelineTarget.map { " (sets \($0.tokens.last ?? "") too)" } ?? "")
        }
        if !pickerFilter.isEmpty { title += " · /\(pickerFilter)" }
        let box = rect.centered(width: min(rect.width - 2, 78), height: min(rect.height, max(3, items.count + 2)))
        buffer.fill(box, style: theme.style(.dialog))
        buffer.box(box, style: theme.style(.border), title: title, titleStyle: theme.style(.dialogTitle))
        let inner = box.inset(by: 1)
        // The name column and a space before the detail; a cut name ends in … and keeps the gap.
        let keyWidth = min(max(26, inner.width / 2), (items.map { CharacterWidth.of($0.0) }.max() ?? 10) + 1)
        ListView(emptyMessage: "Nothing matches \"\(pickerFilter)\" (esc clears the filter)").render(state: &choices, in: inner, buffer: &buffer, theme: theme) { i in
            [Span(" " + TextLayout.pad(items[i].0, to: keyWidth - 1) + " ", theme.style(.text)), Span(items[i].1, theme.style(.muted))]
        }
    }
}
