import ConsoleKit
import Foundation
import Testing

@Suite("HeaderBar, Breadcrumbs and Flash")
struct ChromeTests {
    let theme = TestTheme.theme

    // MARK: header

    @Test("the header shows the product and the context segments from the left")
    func headerSegments() {
        var b = ScreenBuffer(size: Size(width: 80, height: 1))
        HeaderBar(product: "switchboard", segments: [("tenant", "acme"), ("connector", "hubspot")]).render(in: b.bounds, buffer: &b, theme: theme)
        #expect(b.text(row: 0).hasPrefix(" switchboard │ tenant acme │ connector hubspot"))
        #expect(b.style(of: "switchboard") == theme.style(.headerTitle))
        #expect(b.style(of: "acme") == theme.style(.header).adding(.bold))
        #expect(b[79, 0].style == theme.style(.header))
    }

    @Test("badges are right-aligned in order, one column from the edge, in their own styles")
    func headerBadges() {
        var b = ScreenBuffer(size: Size(width: 80, height: 1))
        HeaderBar(product: "switchboard", segments: [("tenant", "acme")],
                  badges: [("PROD", .badge), ("sandbox", .badgeSandbox)]).render(in: b.bounds, buffer: &b, theme: theme)
        #expect(b.text(row: 0).hasSuffix(" PROD   sandbox  "))
        #expect(b.style(of: "sandbox") == theme.style(.badgeSandbox))
        #expect(b.style(of: "PROD") == theme.style(.badge))
    }

    @Test("when the header is narrow, badges give way to the product name and segments are cut")
    func headerNarrow() {
        var b = ScreenBuffer(size: Size(width: 20, height: 1))
        HeaderBar(product: "switchboard", segments: [("tenant", "a-very-long-tenant-name")],
                  badges: [("sandbox", .badgeSandbox)]).render(in: b.bounds, buffer: &b, theme: theme)
        #expect(b.text(row: 0).hasPrefix(" switchboard"))
        #expect(!b.contains("sandbox"))
        #expect(CharacterWidth.of(b.text(row: 0)) == 20)
    }

    @Test("issue 24 finding 9: one header format at every width; a segment without a label is its value alone")
    func headerOneFormat() {
        var texts: [String] = []
        for width in [60, 80, 200] {
            var b = ScreenBuffer(size: Size(width: width, height: 1))
            HeaderBar(product: "switchboard", segments: [("tenant", "acme"), ("", "HubSpot: valid")]).render(in: b.bounds, buffer: &b, theme: theme)
            texts.append(b.text(row: 0))
            #expect(b.style(of: "acme") == theme.style(.header).adding(.bold))
        }
        #expect(texts.allSatisfy { $0.hasPrefix(" switchboard │ tenant acme │ HubSpot: valid") }, "\(texts)")
    }

    @Test("badges never cover the product name")
    func badgesNeverCoverProduct() {
        for width in 10...60 {
            var b = ScreenBuffer(size: Size(width: width, height: 1))
            HeaderBar(product: "switchboard", segments: [("tenant", "acme")],
                      badges: [("PROD", .badge), ("sandbox", .badgeSandbox)]).render(in: b.bounds, buffer: &b, theme: theme)
            #expect(b.text(row: 0).hasPrefix(" switchboard") || width < 13, "width \(width): \(b.text(row: 0))")
        }
    }

    // MARK: breadcrumbs

    @Test("breadcrumbs join the path with › and show the current screen as a title")
    func breadcrumbs() {
        var b = ScreenBuffer(size: Size(width: 50, height: 1))
        Breadcrumbs(["Catalog", "HubSpot", "createContact"]).render(in: b.bounds, buffer: &b, theme: theme)
        #expect(b.text(row: 0).hasPrefix(" Catalog › HubSpot › createContact"))
        #expect(b.style(of: "createContact") == theme.style(.title))
        #expect(b.style(of: "Catalog") == theme.style(.breadcrumbs))
        #expect(b.style(of: "›") == theme.style(.breadcrumbs))
    }

    @Test("trailing text sits at the right edge and long paths are cut before it")
    func breadcrumbsTrailing() {
        var b = ScreenBuffer(size: Size(width: 30, height: 1))
        Breadcrumbs(["Catalog", "HubSpot", "createContact", "properties"]).render(in: b.bounds, buffer: &b, theme: theme, trailing: "3/10")
        let row = b.text(row: 0)
        #expect(row.hasSuffix("3/10 "))
        #expect(row.contains("…"))
        #expect(b.style(of: "3/10") == theme.style(.muted))
    }

    // MARK: flash

    @Test("info and warnings last 4 seconds, errors 8")
    func expiry() {
        let now = Date(timeIntervalSinceReferenceDate: 1000)
        let info = Flash(.info, "Saved", now: now)
        #expect(!info.isExpired(at: now.addingTimeInterval(3.9)))
        #expect(info.isExpired(at: now.addingTimeInterval(4)))
        #expect(!Flash(.warning, "Careful", now: now).isExpired(at: now.addingTimeInterval(3.9)))
        #expect(Flash(.warning, "Careful", now: now).isExpired(at: now.addingTimeInterval(4.1)))
        let error = Flash(.error, "Failed", now: now)
        #expect(!error.isExpired(at: now.addingTimeInterval(7.9)))
        #expect(error.isExpired(at: now.addingTimeInterval(8)))
    }

    @Test("each level has its own icon and style", arguments: [
        (Flash.Level.info, "ℹ", ThemeComponent.flashInfo), (.warning, "⚠", .flashWarning), (.error, "✖", .flashError),
    ])
    func levels(_ level: Flash.Level, _ icon: String, _ component: ThemeComponent) {
        var b = ScreenBuffer(size: Size(width: 40, height: 1))
        Flash(level, "Token refreshed").render(in: b.bounds, buffer: &b, theme: theme)
        #expect(b.text(row: 0).hasPrefix(" \(icon) Token refreshed"))
        #expect(b.style(of: "Token") == theme.style(component))
    }

    @Test("a long flash is cut with … to its line")
    func longFlash() {
        var b = dottedBuffer(width: 20, height: 2)
        Flash(.error, "Something went badly wrong while talking to the CRM").render(in: Rect(x: 0, y: 0, width: 20, height: 1), buffer: &b, theme: theme)
        #expect(b.text(row: 0).hasSuffix("…"))
        #expect(b.text(row: 1) == String(repeating: ".", count: 20))
    }
}
