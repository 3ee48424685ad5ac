import ConsoleKit

/// A screen whose list is a table that `s` sorts by the next column, `S` turns round, and a click
/// on a column's header sorts by that column (a second click turns it round). The screen keeps a
/// `TableOrder` and says how a column ranks its rows; the bindings, the keys and the mouse are
/// shared here, so every sortable table behaves the same.
protocol SortableTable {
    /// The rows shown, filtered and sorted.
    var order: TableOrder { get set }
    var list: ListState { get set }
    /// What the rows are called in the flash line ("Runs", "Records").
    var rowNoun: String { get }
    /// Each row's rank for the column (`SortRanks`), smaller first.
    func ranks(_ column: Int) -> [Int]
    /// The table as drawn, with each shown row's cells (its widths come from them).
    func table(theme: Theme) -> (view: TableView, cells: (Int) -> [[Span]])
    /// Where the table is drawn in the screen's content area.
    func tableRect(in content: Rect) -> Rect
}

/// The `s` / `S` bindings of a sortable table, enabled only while it has rows.
enum SortBindings {
    static let next = "sort.next", reverse = "sort.reverse"

    static func all(group: String) -> [Binding<AppModel>] {
        let reason: @Sendable (AppModel) -> String? = { model in
            guard let table = model.top as? any SortableTable else { return "nothing to sort here" }
            return table.order.count == 0 ? "nothing to sort" : nil
        }
        return [
            Binding(next, keys: [.character("s")], title: "sort", group: group, disabledReason: reason),
            Binding(reverse, keys: [.character("S")], title: "reverse the order", group: group, showInBar: false, disabledReason: reason),
        ]
    }
}

extension SortableTable {
    /// Runs `s` or `S`; nil for another binding.
    mutating func performSort(_ id: String) -> ScreenOutcome? {
        switch id {
        case SortBindings.next:
            let me = self
            order.next(ranks: me.ranks)
        case SortBindings.reverse:
            order.reverse()
        default:
            return nil
        }
        list.setCount(order.count)
        list.home()
        return .flash(.info, "\(rowNoun) sorted \(order.sort.label)")
    }

    /// A click on a header sorts by its column (again: the other way round), a click on a row
    /// selects it, the wheel scrolls; `x` and `row` as `ConsoleScreen.mouse(_:x:row:content:)` gets them.
    mutating func tableMouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome {
        let rect = tableRect(in: content)
        let pageSize = max(1, rect.height - 1)
        switch action {
        case .wheelUp: list.move(by: -3)
        case .wheelDown: list.move(by: 3)
        case .click:
            let (view, cells) = table(theme: .builtInDefault)
            switch view.hit(x: x, y: content.y + row, state: list, in: rect, cells: cells) {
            case .header(let column)?:
                let me = self
                guard order.select(column: column, ranks: me.ranks) else {
                    let sortable = order.sort.keys.map { view.columns[$0.column].title } + (order.sort.natural.map { [view.columns[$0.column].title] } ?? [])
                    return .flash(.info, "\(view.columns[column].title.isEmpty ? "That column" : view.columns[column].title) does not sort; "
                                  + "click \(sortable.joined(separator: ", ")), or press s")
                }
                list.setCount(order.count)
                list.home()
                return .flash(.info, "\(rowNoun) sorted \(order.sort.label)")
            case .row(let index)?: list.select(index)
            case nil: break
            }
        }
        list.scrollToSelection(height: pageSize)
        return .none
    }
}
