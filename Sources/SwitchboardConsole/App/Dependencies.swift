import ConsoleKit
import Foundation
import SwitchboardCore

/// Everything the console reaches outside itself, as values, so tests inject fakes or a live sandbox.
public struct Dependencies: Sendable {
    /// Loads a theme by name or path.
    public var loadTheme: @Sendable (String) throws(ThemeError) -> Theme
    /// Names of the themes the user can switch to.
    public var availableThemes: @Sendable () -> [String]
    /// The clock (flash expiry, countdowns).
    public var now: @Sendable () -> Date
    /// Tenants and credentials (nil when the data folder cannot be opened: the screens say so).
    public var auth: ConsoleAuth?
    /// Local records, sync runs and the conflict queue (nil when the data folder cannot be opened).
    public var sync: ConsoleSync?
    /// Mappings, pushes and history (nil when the data folder cannot be opened: the screens say so).
    public var data: ConsoleData?

    public init(loadTheme: @escaping @Sendable (String) throws(ThemeError) -> Theme,
                availableThemes: @escaping @Sendable () -> [String],
                now: @escaping @Sendable () -> Date = { Date() }, auth: ConsoleAuth? = nil, sync: ConsoleSync? = nil, data: ConsoleData? = nil) {
        self.loadTheme = loadTheme
        self.availableThemes = availableThemes
        self.now = now
        self.auth = auth
        self.sync = sync
        self.data = data
    }

    /// Dependencies over the real theme folders and clock, with every service over `workspace`
    /// (nil: the data folder could not be opened, and the screens say so).
    public static func live(themes: ThemeLoader = .standard(), workspace: Workspace?, browser: BrowserOpener = .xdgOpen()) -> Dependencies {
        Dependencies(loadTheme: { name throws(ThemeError) in try themes.load(name) }, availableThemes: { themes.availableThemes() },
                     auth: workspace.map { ConsoleAuth.live(workspace: $0, browser: browser) },
                     sync: workspace.map { ConsoleSync.live(workspace: $0) }, data: workspace.map { ConsoleData.live(workspace: $0) })
    }
}
