import ConsoleKit
import Testing

@Suite("Theme")
struct ThemeTests {
    let theme = TestTheme.theme
    let roles = TestTheme.roles

    @Test("derived component styles come from the roles")
    func derived() {
        #expect(theme.style(.text) == Style(foreground: roles.foreground, background: roles.background))
        #expect(theme.style(.selection).background == roles.primary)
        #expect(theme.style(.flashError).foreground == roles.error)
        #expect(theme.style(.flashWarning).foreground == roles.warning)
        #expect(theme.style(.jsonString).foreground == roles.success)
        #expect(theme.style(.header).background == roles.surface)
        #expect(theme.style(.muted).foreground == roles.muted)
        #expect(theme.style(.tableHeader).attributes.contains(.underline))
    }

    @Test("changing a role changes every component derived from it")
    func followsRoles() {
        var t = theme
        t.roles.primary = .rgb(1, 2, 3)
        #expect(t.style(.selection).background == .rgb(1, 2, 3))
        #expect(t.style(.title).foreground == .rgb(1, 2, 3))
        #expect(t.style(.text) == theme.style(.text))
    }

    @Test("every component is readable: the foreground differs from the background")
    func readable() {
        for component in ThemeComponent.allCases {
            let s = theme.style(component)
            #expect(s.foreground != s.background, "\(component.rawValue)")
        }
    }

    @Test("an override wins over the derived style, only for its component")
    func overrides() {
        var t = theme
        let custom = Style(foreground: .ansi(3), attributes: .italic)
        t.overrides[.selection] = custom
        #expect(t.style(.selection) == custom)
        #expect(t.derivedStyle(.selection) == theme.style(.selection))
        #expect(t.style(.title) == theme.style(.title))
    }

    @Test("the monochrome theme has no colours, and keeps selection and errors visible with attributes")
    func monochrome() {
        let mono = Theme.monochrome
        for component in ThemeComponent.allCases {
            let s = mono.style(component)
            #expect(s.foreground == .default && s.background == .default, "\(component.rawValue)")
        }
        #expect(mono.style(.selection).attributes.contains(.reverse))
        #expect(!mono.style(.flashError).attributes.isEmpty)
        #expect(mono.style(.inputCursor).attributes.contains(.reverse))
    }

    @Test("the built-in default theme gives the selection its own look")
    func builtIn() {
        let t = Theme.builtInDefault
        #expect(t.style(.selection) != t.style(.text))
        #expect(t.style(.flashError) != t.style(.flashInfo))
    }

    @Test("role names read and write the matching role; other names are refused")
    func roleNames() {
        var r = roles
        for name in ThemeRoles.names {
            #expect(r[name] != nil, "\(name)")
            let accepted = r.set(name, .rgb(9, 9, 9))
            #expect(accepted)
            #expect(r[name] == .rgb(9, 9, 9))
        }
        #expect(r["nope"] == nil)
        let acceptedBogus = r.set("nope", .ansi(1))
        #expect(!acceptedBogus)
    }

    @Test("component keys match the names used in theme files")
    func componentNames() {
        #expect(ThemeComponent(rawValue: "selection.inactive") == .selectionInactive)
        #expect(ThemeComponent(rawValue: "keyhint.key") == .keyhintKey)
        #expect(ThemeComponent(rawValue: "json.string") == .jsonString)
        #expect(ThemeComponent(rawValue: "text") == .text)
        #expect(ThemeComponent(rawValue: "bogus") == nil)
    }
}
