import Foundation
import Testing
@testable import SwitchboardCore

/// `duplicateSearch` in a manifest: how a connector's records are looked up by their unique key,
/// checked when the manifest loads and turned into the exact search request.
@Suite("Duplicate search declarations")
struct DuplicateSearchSpecTests {
    typealias F = ManifestFixtures

    static func spec(_ values: JSONValue, action: String = "listContacts", extra: [(String, JSONValue)] = []) -> JSONValue {
        var o = JSONObject([("object", "contact"), ("action", .string(action)), ("field", "contact_email"), ("values", values),
                            ("resultsPointer", "/data"), ("idPointer", "/id"), ("keyPointer", "/emails"), ("keyMember", "address")])
        for (k, v) in extra { o[k] = v }
        return F.minimal(setting: "/duplicateSearch", to: [.object(o)])
    }

    @Test("a query search puts each value through valueTemplate, joins them and fills the template; answers are read through keyMember")
    func queryRequest() throws {
        let r = F.validate(Self.spec(["in": "query", "name": "criteria", "template": "({values})", "valueTemplate": "(Email:equals:{value})",
                                      "separator": "or", "perRequest": 10]))
        #expect(r.problems == [])
        let m = try #require(r.manifest)
        let finder = DuplicateFinder(connector: m, object: .contact, mapping: .defaults(m, actionId: "createContact"))
        #expect(finder.isAvailable && finder.valuesPerRequest == 10)
        let request = try #require(finder.request(values: ["a@x.example", "b@x.example"], since: Date(), access: AccessGrant(accessToken: "t")))
        #expect(request.method == "GET" && request.body == nil)
        #expect(request.url == "https://api.acme.example/contacts?criteria=" + FormEncoding.escape("((Email:equals:a@x.example)or(Email:equals:b@x.example))"))
        let answer = HTTPResponseValue(status: 200, body: Data(#"{"data": [{"id": 7, "emails": [{"address": "A@x.example"}, {"address": "a2@x.example"}]}]}"#.utf8))
        #expect(finder.matches(in: answer, since: Date()) == ["a@x.example": ["7"], "a2@x.example": ["7"]])
        #expect(finder.matches(in: HTTPResponseValue(status: 204), since: Date()).isEmpty, "an empty 204 finds nothing")
    }

    @Test("SOQL quoting escapes quotes and backslashes inside the IN list")
    func soql() throws {
        let m = try #require(F.validate(Self.spec(["in": "query", "name": "q", "template": "SELECT Id FROM Contact WHERE Email IN ({values})",
                                                   "quote": "soql", "perRequest": 100])).manifest)
        let finder = DuplicateFinder(connector: m, object: .contact, mapping: .defaults(m, actionId: "createContact"))
        let request = try #require(finder.request(values: ["o'neil@x.example"], since: Date(), access: AccessGrant(accessToken: "t")))
        #expect(request.url.hasSuffix("?q=" + FormEncoding.escape(#"SELECT Id FROM Contact WHERE Email IN ('o\'neil@x.example')"#)))
    }

    @Test("problems are reported with their place: an unknown action, a template without {values}, body values for a GET, a create action")
    func problems() {
        #expect(F.validate(Self.spec(["in": "query", "name": "q", "perRequest": 1], action: "nope")).problems
                == [#"test.json: /duplicateSearch/0/action: no action "nope" in this connector"#])
        #expect(F.validate(Self.spec(["in": "query", "name": "q", "template": "SELECT", "perRequest": 1])).problems
                == ["test.json: /duplicateSearch/0/values/template: must contain {values}"])
        #expect(F.validate(Self.spec(["in": "body", "pointer": "/emails", "perRequest": 100])).problems
                == [#"test.json: /duplicateSearch/0/values/in: action "listContacts" is a GET request and has no body"#])
        #expect(F.validate(Self.spec(["in": "query", "name": "q", "perRequest": 1], action: "createContact")).problems
                == [#"test.json: /duplicateSearch/0/action: action "createContact" is a create action; a duplicate search needs a list or search action"#])
        #expect(F.validate(Self.spec(["in": "query", "name": "q", "perRequest": 0])).problems.count == 1)
    }
    @Test("a key that is not unique: the run's start goes into the request (minus 5 minutes of clock skew) and older results are left out")
    func createdSince() throws {
        let m = try #require(F.validate(Self.spec(["in": "query", "name": "criteria", "template": "({values})", "valueTemplate": "(Name:equals:{value})",
                                                   "quote": "zoho", "separator": "or", "perRequest": 10],
                                                  extra: [("since", ["in": "query", "name": "modified_after", "format": "unixSeconds"]),
                                                          ("created", ["pointer": "/created", "format": "iso8601"]),
                                                          ("paging", ["next": "/next", "request": ["in": "query", "name": "page_token"]]),
                                                          ("query", ["per_page": "200"])])).manifest)
        let finder = DuplicateFinder(connector: m, object: .contact, mapping: .defaults(m, actionId: "createContact"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let request = try #require(finder.request(values: ["acme (north), inc"], since: start, cursor: "p2", access: AccessGrant(accessToken: "t")))
        let query = Dictionary(uniqueKeysWithValues: URLComponents(string: request.url)!.queryItems!.map { ($0.name, $0.value ?? "") })
        #expect(query["criteria"] == #"((Name:equals:acme \(north\)\, inc))"#, "Zoho's criteria escape ( ) and ,")
        #expect(query["modified_after"] == "1799999700" && query["page_token"] == "p2" && query["per_page"] == "200", "\(query)")
        let answer = HTTPResponseValue(status: 200, body: Data(#"""
            {"data": [{"id": "1", "emails": ["Acme"], "created": "2027-01-15T08:00:00Z"}, {"id": "2", "emails": ["acme"], "created": "2020-01-01T00:00:00Z"},
                      {"id": "3", "emails": ["acme"], "created": "2027-01-15T07:56:00Z"}], "next": "p3"}
            """#.utf8))
        #expect(finder.matches(in: answer, since: start) == ["acme": ["1", "3"]], "the 2020 one is older than the run; 4 minutes early is clock skew")
        #expect(finder.nextCursor(in: answer) == "p3")
    }

    @Test("without values, since is required: the records created since the run are listed and compared here")
    func listedSince() {
        #expect(F.validate(Self.spec(["in": "query", "name": "q", "perRequest": 1], extra: [("values", .null)])).problems.count >= 1)
        var o = JSONObject([("object", "contact"), ("action", "listContacts"), ("field", "contact_email"),
                            ("resultsPointer", "/data"), ("idPointer", "/id"), ("keyPointer", "/email")])
        #expect(F.validate(F.minimal(setting: "/duplicateSearch", to: [.object(o)])).problems
                == [#"test.json: /duplicateSearch/0/values: missing: without key values in the request, "since" must say how to list the records created since the run started"#])
        o["since"] = ["in": "body", "pointer": "/since", "format": "iso8601"]
        #expect(F.validate(F.minimal(setting: "/duplicateSearch", to: [.object(o)])).problems
                == [#"test.json: /duplicateSearch/0/since/in: action "listContacts" is a GET request and has no body"#])
    }
}
