import ConsoleKit
import Foundation
import SwitchboardCore

/// What the header shows about where the user is working.
public struct SessionContext: Sendable, Equatable {
    public var tenant: String?
    /// The connector last chosen by a command (`:connect`), used when no screen names one.
    public var connector: String?
    /// The selected tenant's credential state for the header's connector (`AppModel.headerConnectorID`),
    /// kept equal to `AppModel.credentialStates` by the app after every message; nil: no credential.
    public var authState: String?
    public var platform: String
    public var isSandbox: Bool

    public init(tenant: String? = nil, connector: String? = nil, authState: String? = nil, platform: String = "direct", isSandbox: Bool = false) {
        self.tenant = tenant
        self.connector = connector
        self.authState = authState
        self.platform = platform
        self.isSandbox = isSandbox
    }
}

/// The input mode: keys mean different things while typing a command, a filter or in the palette.
public enum InputMode: Sendable, Equatable {
    case normal
    case command(TextInput)
    case filter(TextInput)
    case palette(TextInput, ListState)
    case help(scroll: Int)
    /// The last flash messages (`!`), newest first.
    case messages(scroll: Int)
    /// The selected row's values whole (`v`).
    case details(scroll: Int)
    case confirmQuit
    /// Leaving the top screen (esc) would lose its unsaved work: y leaves, n stays.
    case confirmLeave
}

/// The whole state of the console: a stack of screens, the mode, the flash line, the theme.
public struct AppModel: Sendable {
    public var screens: [any ConsoleScreen]
    public var mode: InputMode = .normal
    public var flash: Flash?
    public var theme: Theme
    public var context: SessionContext
    public var catalog: ConnectorCatalog
    public var finished = false
    /// The terminal size, for page sizes; updated on resize.
    public var size: Size = Size(width: 80, height: 24)
    /// Raw terminal output waiting to be written (OSC 52 copies).
    public var terminalOutput: [String] = []
    /// The selected tenant's credential state per connector id, read from the store when the
    /// tenant changes, at start and after every command or asynchronous result; the header, the
    /// catalog's Status column and every screen's auth text come from it.
    public var credentialStates: [String: String] = [:]
    /// The tenant `credentialStates` was read for (a mismatch makes the app read them again).
    public var credentialStatesTenant: String?
    /// Whether `credentialStates` has been read at all.
    public var credentialStatesLoaded = false
    /// The flash messages said so far, oldest first (the last `flashLogLimit`), for `!`.
    public var flashLog: [Flash] = []
    public static let flashLogLimit = 50
    /// When the top screen's clock was last advanced (`ConsoleScreen.wantsClock`).
    public var lastClock: Date?

    public init(catalog: ConnectorCatalog, theme: Theme = .builtInDefault, context: SessionContext = SessionContext(),
                problems: [String] = [], size: Size = Size(width: 80, height: 24)) {
        self.catalog = catalog
        self.size = size
        self.theme = theme
        self.context = context
        self.screens = [CatalogScreen(catalog: catalog)]
        if !problems.isEmpty {
            let more = problems.count > 1 ? " (+\(problems.count - 1) more; run `switchboard connectors validate`)" : ""
            flash = Flash(.warning, "Skipped a bad connector manifest: \(problems[0])\(more)")
        }
    }

    /// Rows available to a screen's list (content height less a table header).
    public var pageSize: Int { max(1, size.height - 5) }

    /// The screen on top of the stack.
    public var top: any ConsoleScreen { screens[screens.count - 1] }

    /// Whether any screen holds changes that quitting would lose.
    public var hasUnsavedWork: Bool { screens.contains { $0.hasUnsavedChanges } }

    /// The connector the header shows: the topmost screen's, else the one last chosen by a command.
    public var headerConnectorID: String? {
        screens.last(where: { $0.connectorID != nil })?.connectorID ?? context.connector
    }

    /// The breadcrumb trail of the screen stack.
    public var breadcrumbs: [String] { screens.map(\.breadcrumb) }

    /// Mutates the top screen in place.
    public mutating func withTop<R>(_ body: (inout any ConsoleScreen) -> R) -> R {
        var screen = screens.removeLast()
        defer { screens.append(screen) }
        return body(&screen)
    }
}
