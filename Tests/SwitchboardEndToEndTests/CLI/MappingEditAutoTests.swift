import Foundation
import Testing

/// `mapping auto` (proposals by name similarity and the manifest's defaults) and `mapping edit`
/// ($EDITOR on the document, checked before it is saved), from the command line.
@Suite("mapping auto and mapping edit", .enabled(if: switchboardBinary() != nil, "needs a built switchboard binary"))
struct MappingEditAutoTests {
    func home() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sbmapedit-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    @Test("auto prints the proposal and why, saves only with --save (which needs --tenant)")
    func auto() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["SWITCHBOARD_HOME": home.appendingPathComponent("data").path]
        #expect(try runSwitchboard(["tenants", "create", "acme"], environment: env).status == 0)
        let shown = try runSwitchboard(["mapping", "auto", "salesforce", "createContact"], environment: env)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("/LastName") && shown.stdout.contains("contact_last_name") && shown.stdout.contains("manifest default"), "\(shown.stdout)")
        #expect(shown.stdout.contains("Nothing saved"))
        let usage = try runSwitchboard(["mapping", "auto", "hubspot", "createContact", "--save"], environment: env)
        #expect(usage.status != 0 && usage.stderr.contains("--save needs --tenant"), "\(usage.stderr)")
        let saved = try runSwitchboard(["mapping", "auto", "hubspot", "createContact", "--tenant", "acme", "--save"], environment: env)
        #expect(saved.status == 0 && saved.stdout.contains("Saved acme's hubspot createContact mapping as version 1"), "\(saved.stdout)\(saved.stderr)")
        let history = try runSwitchboard(["mapping", "history", "hubspot", "createContact", "--tenant", "acme"], environment: env)
        #expect(history.stdout.contains("auto-mapped"))
        let json = try runSwitchboard(["mapping", "auto", "hubspot", "createDeal", "--json"], environment: env)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["rules"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test("edit saves the edited document as a new version; a bad one is refused with its JSON path and nothing saved; no change saves nothing")
    func edit() throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["SWITCHBOARD_HOME": home.appendingPathComponent("data").path]
        #expect(try runSwitchboard(["tenants", "create", "acme"], environment: env).status == 0)
        let unchanged = try runSwitchboard(["mapping", "edit", "hubspot", "createContact", "--tenant", "acme"], environment: env.merging(["EDITOR": "true"]) { $1 })
        #expect(unchanged.status == 0 && unchanged.stdout.contains("No change; nothing saved."), "\(unchanged.stdout)\(unchanged.stderr)")

        let good = home.appendingPathComponent("good.json")
        try Data(#"{"connector": "hubspot", "action": "createContact", "rules": [{"target": "/properties/email", "source": "contact_email"}, {"target": "/properties/lifecyclestage", "constant": "lead"}]}"#.utf8).write(to: good)
        let edited = try runSwitchboard(["mapping", "edit", "hubspot", "createContact", "--tenant", "acme", "--note", "by hand"],
                                        environment: env.merging(["EDITOR": "cp \(good.path)"]) { $1 })
        #expect(edited.status == 0 && edited.stdout.contains("as version 1 (2 rules)"), "\(edited.stdout)\(edited.stderr)")
        let show = try runSwitchboard(["mapping", "show", "hubspot", "createContact", "--tenant", "acme"], environment: env)
        #expect(show.stdout.contains("= \"lead\""), "\(show.stdout)")

        let bad = home.appendingPathComponent("bad.json")
        try Data(#"{"rules": [{"target": "/properties/email", "source": "contact_email", "transforms": ["nope"]}]}"#.utf8).write(to: bad)
        let refused = try runSwitchboard(["mapping", "edit", "hubspot", "createContact", "--tenant", "acme"], environment: env.merging(["VISUAL": "cp \(bad.path)"]) { $1 })
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("/rules/0/transforms/0") && refused.stderr.contains("unknown transform"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing saved"))
        let history = try runSwitchboard(["mapping", "history", "hubspot", "createContact", "--tenant", "acme"], environment: env)
        #expect(history.stdout.split(separator: "\n").count == 2, "only version 1:\n\(history.stdout)")
    }
}
