import ConsoleKit
import Foundation
import SwitchboardCore

/// One record's conflicts field by field: base, ours (local) and theirs (CRM) side by side with
/// the modification times. Choices are pending until applied (with a preview of both writes), so
/// they can be undone; a choice can cover every remaining field of the record or the same field
/// across the queue.
public struct ConflictReviewScreen: ConsoleScreen {
    /// The result of applying one or more records' choices.
    public struct Applied: Sendable {
        public var resolved: [Int64]
        public var failures: [String]
    }

    public private(set) var queue: [SyncConflict]
    public private(set) var index: Int
    public private(set) var fieldList: ListState
    /// Conflict id → field → the choice waiting to be applied.
    public private(set) var pending: [Int64: [String: ConflictChoice]] = [:]
    /// The preview being confirmed, for these conflict ids.
    public private(set) var confirming: [ConflictResolutionPlan]?
    public private(set) var applying = false
    /// One entry per key press (a whole-record or across-queue choice is undone at once).
    private var undoStack: [[(id: Int64, field: String, previous: ConflictChoice?)]] = []
    private var editing = false
    private var draft = ""
    let sync: ConsoleSync
    let tenant: String?

    /// Connector names by id, for the heading (the app fills them from the catalog when it opens
    /// the screen; an id without a name is shown as is).
    public var connectorNames: [String: String] = [:]

    public init(queue: [SyncConflict], index: Int, sync: ConsoleSync, tenant: String?) {
        self.queue = queue
        self.index = max(0, min(index, queue.count - 1))
        self.sync = sync
        self.tenant = tenant
        fieldList = ListState(count: queue.isEmpty ? 0 : queue[max(0, min(index, queue.count - 1))].openFields.count)
    }

    public var breadcrumb: String { current.map { "Conflict \($0.id)" } ?? "Conflict" }
    public var connectorID: String? { current?.connectorID }
    public var supportsFilter: Bool { editing }
    public var filterText: String { editing ? draft : "" }
    public var isTextEntry: Bool { editing }
    public var filterPrompt: String { "value for \(currentField?.field ?? "field")" }
    public var hasUnsavedChanges: Bool { pending.values.contains { !$0.isEmpty } }
    public var isModal: Bool { confirming != nil }

    /// The conflict on screen.
    public var current: SyncConflict? { queue.isEmpty ? nil : queue[index] }
    var fields: [ConflictField] { current?.openFields ?? [] }
    /// The field under the cursor.
    public var currentField: ConflictField? { fields.isEmpty ? nil : fields[min(fieldList.selected, fields.count - 1)] }
    /// The choices waiting for the conflict on screen.
    public var choices: [String: ConflictChoice] { current.flatMap { pending[$0.id] } ?? [:] }

    public func bindings() -> [Binding<AppModel>] {
        if confirming != nil {
            return [
                Binding("review.confirm", keys: [.character("y"), .enter], title: "apply both writes", group: "Apply"),
                Binding("review.cancel", keys: [.character("n"), .escape], title: "cancel", group: "Apply"),
            ]
        }
        let none: @Sendable (AppModel) -> String? = { ($0.top as? ConflictReviewScreen)?.currentField == nil ? "no field waits" : nil }
        return [
            Binding("review.up", keys: [.up, .character("k")], title: "previous field", group: "Navigation", showInBar: false),
            Binding("review.down", keys: [.down, .character("j")], title: "next field", group: "Navigation", showInBar: false),
            Binding("review.nextRecord", keys: [.character("]"), .tab], title: "next record", group: "Navigation", showInBar: false),
            Binding("review.previousRecord", keys: [.character("["), .backTab], title: "previous record", group: "Navigation", showInBar: false),
            Binding("review.ours", keys: [.character("o")], title: "take ours", group: "Choose", disabledReason: none),
            Binding("review.theirs", keys: [.character("t")], title: "take theirs", group: "Choose", disabledReason: none),
            Binding("review.base", keys: [.character("b")], title: "take base", group: "Choose", showInBar: false, disabledReason: none),
            Binding("review.edit", keys: [.character("e")], title: "edit value", group: "Choose", disabledReason: none),
            Binding("review.allOurs", keys: [.character("O")], title: "ours for every remaining field", group: "Choose", showInBar: false, disabledReason: none),
            Binding("review.allTheirs", keys: [.character("T")], title: "theirs for every remaining field", group: "Choose", showInBar: false, disabledReason: none),
            Binding("review.allBase", keys: [.character("B")], title: "base for every remaining field", group: "Choose", showInBar: false, disabledReason: none),
            Binding("review.acrossQueue", keys: [.character("F")], title: "same choice for this field across the queue", group: "Choose", showInBar: false,
                    disabledReason: { m in
                        guard let s = m.top as? ConflictReviewScreen, let f = s.currentField else { return "no field waits" }
                        return s.choices[f.field] == nil ? "choose for this field first" : nil
                    }),
            Binding("review.undo", keys: [.character("u")], title: "undo", group: "Choose",
                    disabledReason: { ($0.top as? ConflictReviewScreen)?.undoStack.isEmpty == false ? nil : "nothing to undo" }),
            Binding("review.apply", keys: [.character("a"), .ctrl("j")], title: "apply", group: "Apply",
                    disabledReason: { ($0.top as? ConflictReviewScreen)?.choices.isEmpty == false ? nil : "choose a value for a field first (o, t, b, e)" }),
            Binding("review.applyAll", keys: [.character("A")], title: "apply every record's choices", group: "Apply", showInBar: false,
                    disabledReason: { ($0.top as? ConflictReviewScreen)?.hasUnsavedChanges == true ? nil : "no choices yet" }),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        // A key here means the value prompt was left with Esc.
        editing = false
        switch id {
        case "review.up": fieldList.move(by: -1)
        case "review.down": fieldList.move(by: 1)
        case "review.nextRecord": show(index + 1)
        case "review.previousRecord": show(index - 1)
        case "review.ours": choose(.local)
        case "review.theirs": choose(.remote)
        case "review.base": choose(.base)
        case "review.allOurs": chooseRemaining(.local)
        case "review.allTheirs": chooseRemaining(.remote)
        case "review.allBase": chooseRemaining(.base)
        case "review.edit":
            editing = true
            draft = currentField.map { ConflictText.value(choices[$0.field]?.value(for: $0) ?? $0.local) } ?? ""
            if draft == "—" { draft = "" }
            return .prompt
        case "review.acrossQueue":
            return acrossQueue()
        case "review.undo":
            guard let last = undoStack.popLast() else { return .none }
            for change in last.reversed() { pending[change.id, default: [:]][change.field] = change.previous }
            if let first = last.first, let i = queue.firstIndex(where: { $0.id == first.id }), i != index { show(i) }
        case "review.apply":
            return preview(ids: current.map { [$0.id] } ?? [])
        case "review.applyAll":
            return preview(ids: queue.map(\.id).filter { pending[$0]?.isEmpty == false })
        case "review.confirm":
            guard let plans = confirming else { return .none }
            confirming = nil
            applying = true
            return .effect(apply(plans))
        case "review.cancel":
            confirming = nil
        default: break
        }
        return .none
    }

    mutating func show(_ i: Int) {
        guard !queue.isEmpty else { return }
        index = (i + queue.count) % queue.count
        fieldList = ListState(count: fields.count)
    }

    mutating func choose(_ choice: ConflictChoice) {
        guard let c = current, let f = currentField else { return }
        undoStack.append([(c.id, f.field, pending[c.id]?[f.field])])
        pending[c.id, default: [:]][f.field] = choice
        fieldList.move(by: 1)
    }

    mutating func chooseRemaining(_ choice: ConflictChoice) {
        guard let c = current else { return }
        var changes: [(id: Int64, field: String, previous: ConflictChoice?)] = []
        for f in c.openFields where pending[c.id]?[f.field] == nil {
            changes.append((c.id, f.field, nil))
            pending[c.id, default: [:]][f.field] = choice
        }
        if !changes.isEmpty { undoStack.append(changes) }
    }

    mutating func acrossQueue() -> ScreenOutcome {
        guard let f = currentField, let choice = choices[f.field] else { return .none }
        var changes: [(id: Int64, field: String, previous: ConflictChoice?)] = []
        for c in queue where c.id != current?.id && c.openFields.contains(where: { $0.field == f.field }) {
            changes.append((c.id, f.field, pending[c.id]?[f.field]))
            pending[c.id, default: [:]][f.field] = choice
        }
        if !changes.isEmpty { undoStack.append(changes) }
        let count = changes.count
        return .flash(.info, "\(ConflictReviewScreen.label(choice)) for \(f.field) in \(count) more record\(count == 1 ? "" : "s"); A applies them all")
    }

    mutating func preview(ids: [Int64]) -> ScreenOutcome {
        var plans: [ConflictResolutionPlan] = []
        for id in ids {
            guard let c = queue.first(where: { $0.id == id }), let chosen = pending[id], !chosen.isEmpty else { continue }
            do { plans.append(try sync.plan(c, chosen)) } catch { return .flash(.error, "Cannot apply conflict \(id): \(String(describing: error))") }
        }
        guard !plans.isEmpty else { return .flash(.warning, "Nothing chosen yet: o takes ours, t theirs, b the base, e a value") }
        confirming = plans
        return .none
    }

    func apply(_ plans: [ConflictResolutionPlan]) -> Effect<AppMsg> {
        let sync = self.sync
        let work = plans.map { plan in (plan.conflictID, pending[plan.conflictID] ?? [:]) }
        return Effect("resolve conflicts") {
            var applied = Applied(resolved: [], failures: [])
            for (id, choices) in work {
                do {
                    _ = try await sync.resolve(id, choices)
                    applied.resolved.append(id)
                } catch {
                    applied.failures.append("conflict \(id): \(String(describing: error))")
                }
            }
            return .screenMessage(applied)
        }
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        guard let applied = message as? Applied else { return .none }
        applying = false
        for id in applied.resolved { pending[id] = nil }
        undoStack = undoStack.map { $0.filter { !applied.resolved.contains($0.id) } }.filter { !$0.isEmpty }
        let fresh = ((try? sync.conflicts(tenant)) ?? queue)
        let keep = Set(queue.map(\.id))
        queue = fresh.filter { keep.contains($0.id) }
        if queue.isEmpty {
            index = 0
            fieldList = ListState(count: 0)
        } else {
            show(min(index, queue.count - 1))
        }
        if !applied.failures.isEmpty { return .flash(.error, applied.failures.joined(separator: "; ")) }
        let left = queue.count
        return .flash(.info, "Applied to both sides: \(applied.resolved.count) record\(applied.resolved.count == 1 ? "" : "s"); \(left == 0 ? "no conflict left" : "\(left) left")")
    }

    /// Typing in the value prompt (erasing everything keeps the prompt: an empty value clears the field).
    public mutating func setFilter(_ text: String) {
        guard editing else { return }
        draft = text
    }

    public mutating func confirmFilter() -> ScreenOutcome {
        guard editing else { return .none }
        editing = false
        let text = draft
        draft = ""
        choose(.typed(text))
        return .none
    }

    static func label(_ c: ConflictChoice) -> String {
        switch c {
        case .local: return "ours"
        case .remote: return "theirs"
        case .base: return "base"
        case .value(let v): return "= " + ConflictText.value(v)
        }
    }

    // MARK: - Drawing

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let text = theme.style(.text), muted = theme.style(.muted), title = theme.style(.title)
        guard let c = current else {
            buffer.write(spans: [Span("No conflict left to review. Esc goes back to the queue.", muted)], x: rect.x + 1, y: rect.y, width: rect.width - 2, fill: text)
            return
        }
        let inner = Rect(x: rect.x + 1, y: rect.y, width: max(0, rect.width - 2), height: rect.height)
        let newer: String
        switch (c.remoteModified, c.localModified) {
        case (let r?, let l) where r > l: newer = "CRM newer"
        case (_?, _): newer = "ours newer"
        default: newer = ""
        }
        buffer.write(spans: [Span("Record \(index + 1) of \(queue.count)  ", muted), Span(c.label, title), Span("  \(connectorNames[c.connectorID] ?? c.connectorID) \(c.object.rawValue) · ours \(c.localID) ↔ theirs \(c.remoteID)", muted)],
                     x: inner.x, y: inner.y, width: inner.width, fill: text)
        buffer.write(spans: [Span("modified: ours \(ConflictText.time(c.localModified)) · theirs \(ConflictText.time(c.remoteModified))", muted),
                             Span(newer.isEmpty ? "" : " · \(newer)", theme.style(.warning))],
                     x: inner.x, y: inner.y + 1, width: inner.width, fill: text)
        let panelHeight = confirming.map { min(inner.height / 2, 4 + $0.count * 4) } ?? 0
        // The selected field's values whole (a table cell cuts them), under the table.
        let details = confirming == nil && inner.height >= 12 ? detailLines(theme: theme, width: inner.width) : []
        let detailHeight = min(details.count, max(0, (inner.height - 3) / 2))
        let tableRect = Rect(x: inner.x, y: inner.y + 3, width: inner.width, height: max(0, inner.height - 3 - panelHeight - detailHeight))
        var state = fieldList
        let rows = fields
        let chosen = choices
        let table = TableView(columns: [TableColumn("Field", width: .fill(3)), TableColumn("Base", width: .fill(2)),
                                        TableColumn("Ours (local)", width: .fill(2)), TableColumn("Theirs (CRM)", width: .fill(2)),
                                        TableColumn("Choice", width: .fill(2))], emptyMessage: "Every field of this record is settled")
        let changed = theme.style(.warning), pick = theme.style(.success)
        table.render(state: &state, in: tableRect, buffer: &buffer, theme: theme) { i in
            let f = rows[i]
            let oursChanged = !ThreeWayMerge.same(f.local, f.base), theirsChanged = !ThreeWayMerge.same(f.remote, f.base)
            let choice = chosen[f.field]
            return [[Span(f.field, text)], [Span(ConflictText.value(f.base), muted)],
                    [Span(ConflictText.value(f.local), oursChanged ? changed : text)], [Span(ConflictText.value(f.remote), theirsChanged ? changed : text)],
                    [Span(choice.map { "→ " + Self.label($0) } ?? "", pick)]]
        }
        for (i, line) in details.prefix(detailHeight).enumerated() {
            buffer.write(spans: line, x: inner.x, y: tableRect.y + tableRect.height + i, width: inner.width, fill: text)
        }
        if let plans = confirming { renderConfirm(plans, in: Rect(x: inner.x, y: tableRect.y + tableRect.height, width: inner.width, height: panelHeight), buffer: &buffer, theme: theme) }
        if applying {
            buffer.write(spans: [Span("Applying…", theme.style(.warning))], x: inner.x, y: rect.y + rect.height - 1, width: inner.width, fill: text)
        }
    }

    /// The field under the cursor: base, ours and theirs in full (wrapped), and the choice.
    func detailLines(theme: Theme, width: Int) -> [[Span]] {
        guard let f = currentField else { return [] }
        let muted = theme.style(.muted), text = theme.style(.text), changed = theme.style(.warning)
        let rule = "── \(f.field) "
        var lines: [[Span]] = [[Span(rule, theme.style(.title)), Span(String(repeating: "─", count: max(0, width - CharacterWidth.of(rule))), theme.style(.border))]]
        func value(_ label: String, _ v: JSONValue?, _ isChanged: Bool) {
            lines += TextView.wrap([[Span(TextLayout.pad(label, to: 14), muted), Span(ConflictText.value(v), isChanged ? changed : text)]], width: width)
        }
        value("Base", f.base, false)
        value("Ours (local)", f.local, !ThreeWayMerge.same(f.local, f.base))
        value("Theirs (CRM)", f.remote, !ThreeWayMerge.same(f.remote, f.base))
        let choice = choices[f.field].map { "→ " + Self.label($0) } ?? "none yet: o ours, t theirs, b base, e a value"
        lines.append([Span(TextLayout.pad("Choice", to: 14), muted), Span(choice, theme.style(.success))])
        return lines
    }

    func renderConfirm(_ plans: [ConflictResolutionPlan], in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let text = theme.style(.text), muted = theme.style(.muted), title = theme.style(.title)
        var lines: [[Span]] = [[Span("Apply \(plans.count) record\(plans.count == 1 ? "" : "s")? Both writes:", title), Span("   y apply · n cancel", muted)]]
        for plan in plans {
            let label = queue.first { $0.id == plan.conflictID }?.label ?? String(plan.conflictID)
            let here = plan.localWrites.keys.sorted().map { "\($0) = \(ConflictText.value(plan.localWrites[$0] ?? nil))" }
            lines.append([Span("\(label) — here: ", muted), Span(here.isEmpty ? "no change" : here.joined(separator: ", "), text)])
            if let r = plan.request {
                lines.append([Span("  CRM: ", muted), Span("\(r.method) \(r.url)", text)])
                if let body = r.body { lines.append([Span("  ", muted), Span(JSONWriter.compact(body), theme.style(.jsonString))]) }
            } else {
                lines.append([Span("  CRM: no change", muted)])
            }
        }
        for (i, line) in lines.prefix(rect.height).enumerated() {
            buffer.write(spans: line, x: rect.x, y: rect.y + i, width: rect.width, fill: theme.style(.dialog))
        }
    }
}
