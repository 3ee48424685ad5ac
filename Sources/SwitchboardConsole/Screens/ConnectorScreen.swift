import ConsoleKit
import SwitchboardCore

/// A connector's details: what it is, how it authenticates, and its resources and actions as a tree.
public struct ConnectorScreen: ConsoleScreen {
    public let connector: ConnectorManifest
    public init(connector: ConnectorManifest) { self.connector = connector }
    public var breadcrumb: String { connector.name }
    public var connectorName: String? { connector.name }
    public func bindings() -> [Binding<AppModel>] { [] }
    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome { .none }
    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        buffer.write("\(connector.name) (\(connector.id))", x: rect.x + 1, y: rect.y, style: theme.style(.title))
        buffer.write("Categories: \(connector.categories.joined(separator: ", "))", x: rect.x + 1, y: rect.y + 1, style: theme.style(.text))
    }
}
