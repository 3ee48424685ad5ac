/// The semantic colours every theme defines; components derive their styles from these.
public struct ThemeRoles: Sendable, Equatable {
    public var background: Color
    public var foreground: Color
    public var primary: Color
    public var surface: Color
    public var muted: Color
    public var error: Color
    public var warning: Color
    public var success: Color

    public init(background: Color, foreground: Color, primary: Color, surface: Color, muted: Color, error: Color, warning: Color, success: Color) {
        self.background = background
        self.foreground = foreground
        self.primary = primary
        self.surface = surface
        self.muted = muted
        self.error = error
        self.warning = warning
        self.success = success
    }

    /// Role names as written in theme files.
    public static let names = ["background", "foreground", "primary", "surface", "muted", "error", "warning", "success"]

    /// The colour for a role name, if it is one.
    public subscript(name: String) -> Color? {
        switch name {
        case "background": return background
        case "foreground": return foreground
        case "primary": return primary
        case "surface": return surface
        case "muted": return muted
        case "error": return error
        case "warning": return warning
        case "success": return success
        default: return nil
        }
    }

    /// Sets the colour for a role name; returns false when the name is not a role.
    @discardableResult
    public mutating func set(_ name: String, _ color: Color) -> Bool {
        switch name {
        case "background": background = color
        case "foreground": foreground = color
        case "primary": primary = color
        case "surface": surface = color
        case "muted": muted = color
        case "error": error = color
        case "warning": warning = color
        case "success": success = color
        default: return false
        }
        return true
    }
}

/// The UI parts a theme can style individually (`[styles]` keys in theme files).
public enum ThemeComponent: String, Sendable, CaseIterable {
    case text, header, headerTitle = "header.title", badge, badgeSandbox = "badge.sandbox"
    case breadcrumbs, border, title, selection, selectionInactive = "selection.inactive"
    case tableHeader = "table.header", keyhintKey = "keyhint.key", keyhintTitle = "keyhint.title", keyhintDisabled = "keyhint.disabled"
    case flashInfo = "flash.info", flashWarning = "flash.warning", flashError = "flash.error"
    case input, inputCursor = "input.cursor", dialog, dialogTitle = "dialog.title", muted, match
    case required, jsonKey = "json.key", jsonString = "json.string", jsonNumber = "json.number", jsonLiteral = "json.literal"
    case success, warning, error
}

/// A complete colour theme: roles plus per-component styles, with defaults derived from the roles.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var isDark: Bool
    public var roles: ThemeRoles
    /// Styles set explicitly by the theme file; others come from `derivedStyle`.
    public var overrides: [ThemeComponent: Style]

    public init(name: String, isDark: Bool, roles: ThemeRoles, overrides: [ThemeComponent: Style] = [:]) {
        self.name = name
        self.isDark = isDark
        self.roles = roles
        self.overrides = overrides
    }

    /// The style for a component.
    public func style(_ component: ThemeComponent) -> Style {
        overrides[component] ?? derivedStyle(component)
    }

    /// The default style of a component, computed from the roles.
    public func derivedStyle(_ c: ThemeComponent) -> Style {
        let r = roles
        switch c {
        case .text: return Style(foreground: r.foreground, background: r.background)
        case .header: return Style(foreground: r.foreground, background: r.surface)
        case .headerTitle: return Style(foreground: r.primary, background: r.surface, attributes: .bold)
        case .badge: return Style(foreground: r.background, background: r.primary, attributes: .bold)
        case .badgeSandbox: return Style(foreground: r.background, background: r.warning, attributes: .bold)
        case .breadcrumbs: return Style(foreground: r.muted, background: r.background)
        case .border: return Style(foreground: r.muted, background: r.background)
        case .title: return Style(foreground: r.primary, background: r.background, attributes: .bold)
        case .selection: return Style(foreground: r.background, background: r.primary, attributes: .bold)
        case .selectionInactive: return Style(foreground: r.foreground, background: r.surface)
        case .tableHeader: return Style(foreground: r.muted, background: r.background, attributes: [.bold, .underline])
        case .keyhintKey: return Style(foreground: r.primary, background: r.surface, attributes: .bold)
        case .keyhintTitle: return Style(foreground: r.foreground, background: r.surface)
        case .keyhintDisabled: return Style(foreground: r.muted, background: r.surface, attributes: .dim)
        case .flashInfo: return Style(foreground: r.primary, background: r.background)
        case .flashWarning: return Style(foreground: r.warning, background: r.background, attributes: .bold)
        case .flashError: return Style(foreground: r.error, background: r.background, attributes: .bold)
        case .input: return Style(foreground: r.foreground, background: r.surface)
        case .inputCursor: return Style(foreground: r.background, background: r.foreground)
        case .dialog: return Style(foreground: r.foreground, background: r.surface)
        case .dialogTitle: return Style(foreground: r.primary, background: r.surface, attributes: .bold)
        case .muted: return Style(foreground: r.muted, background: r.background)
        case .match: return Style(foreground: r.warning, background: r.background, attributes: [.bold, .underline])
        case .required: return Style(foreground: r.error, background: r.background, attributes: .bold)
        case .jsonKey: return Style(foreground: r.primary, background: r.background)
        case .jsonString: return Style(foreground: r.success, background: r.background)
        case .jsonNumber: return Style(foreground: r.warning, background: r.background)
        case .jsonLiteral: return Style(foreground: r.muted, background: r.background, attributes: .bold)
        case .success: return Style(foreground: r.success, background: r.background)
        case .warning: return Style(foreground: r.warning, background: r.background)
        case .error: return Style(foreground: r.error, background: r.background)
        }
    }

    /// The theme every install has without any files: dark, 256-colour friendly.
    public static let builtInDefault = Theme(
        name: "default", isDark: true,
        roles: ThemeRoles(
            background: .default, foreground: .rgb(0xD8, 0xDE, 0xE9), primary: .rgb(0x5F, 0xAF, 0xFF),
            surface: .rgb(0x26, 0x2B, 0x36), muted: .rgb(0x8A, 0x93, 0xA3), error: .rgb(0xFF, 0x5F, 0x5F),
            warning: .rgb(0xFF, 0xC8, 0x57), success: .rgb(0x87, 0xD7, 0x87)))

    /// A theme with no colours at all (for `NO_COLOR` and monochrome terminals): attributes carry meaning.
    public static let monochrome = Theme(
        name: "mono", isDark: true,
        roles: ThemeRoles(background: .default, foreground: .default, primary: .default, surface: .default,
                          muted: .default, error: .default, warning: .default, success: .default),
        overrides: [
            .selection: Style(attributes: [.reverse, .bold]), .badge: Style(attributes: .reverse),
            .badgeSandbox: Style(attributes: [.reverse, .bold]), .header: Style(attributes: .reverse),
            .headerTitle: Style(attributes: [.reverse, .bold]), .keyhintKey: Style(attributes: .bold),
            .inputCursor: Style(attributes: .reverse), .flashError: Style(attributes: [.bold, .underline]),
            .required: Style(attributes: .bold), .match: Style(attributes: .underline), .muted: Style(attributes: .dim),
        ])
}
