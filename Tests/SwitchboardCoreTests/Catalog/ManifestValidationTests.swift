import Foundation
import Testing
@testable import SwitchboardCore

/// Bad manifests are reported, every problem with the file name, the JSON Pointer and a plain message.
@Suite("Manifest validation")
struct ManifestValidationTests {
    typealias F = ManifestFixtures

    @Test("the minimal fixture is valid")
    func minimalIsValid() throws {
        let r = F.validate(F.minimal)
        #expect(r.problems == [])
        let m = try #require(r.manifest)
        #expect(m.auth.apiKey?.headerValue(forKey: "k") == "Bearer k")
        #expect(m.source == .user(path: "test.json") && !m.overridesBuiltIn)
    }

    @Test("malformed JSON names the line and column")
    func malformedJSON() {
        let r = F.validate(text: "{\"id\": \"acme\",\n  \"name\": }")
        #expect(r.manifest == nil)
        #expect(r.problems == ["test.json: /: malformed JSON: line 2, column 11: unexpected character '}', expected a value"])
    }

    @Test("unknown keys are rejected anywhere, with a suggestion for typos")
    func unknownKeys() {
        var doc = F.minimal(setting: "/colour", to: "red")
        doc = F.set("Create", at: JSONPointer(parsing: "/resources/0/actions/0/nmae").tokens[...], in: doc)
        doc = F.set(nil, at: JSONPointer(parsing: "/resources/0/actions/0/name").tokens[...], in: doc)
        #expect(F.validate(doc).problems == [
            "test.json: /colour: unknown key",
            "test.json: /resources/0/actions/0/nmae: unknown key (did you mean \"name\"?)",
            "test.json: /resources/0/actions/0/name: missing",
        ])
    }

    @Test("a missing required key is reported as missing")
    func missingKey() {
        #expect(F.validate(F.minimal(setting: "/resources/0/actions/2/path", to: nil)).problems == [
            "test.json: /resources/0/actions/2/path: missing",
        ])
        #expect(F.validate(F.minimal(setting: "/auth", to: nil)).problems == ["test.json: /auth: missing"])
    }

    @Test("wrong types name what was expected and what was found")
    func wrongTypes() {
        #expect(F.validate(F.minimal(setting: "/iconText", to: 42)).problems == ["test.json: /iconText: expected string, found integer"])
        #expect(F.validate(F.minimal(setting: "/resources", to: ["a": 1])).problems == ["test.json: /resources: expected array, found object"])
        #expect(F.validate(F.minimal(setting: "/rateLimits/windowSeconds", to: "1")).problems == [
            "test.json: /rateLimits/windowSeconds: expected number, found string",
        ])
    }

    @Test("a path parameter must be declared, and a declared one must be used")
    func pathParameters() {
        #expect(F.validate(F.minimal(setting: "/resources/0/actions/1/path", to: "/contacts/{contactId}/{extra}")).problems == [
            "test.json: /resources/0/actions/1/path: parameter {extra} is not declared in pathParameters",
        ])
        #expect(F.validate(F.minimal(setting: "/resources/0/actions/1/pathParameters", to: ["contactId", "id"])).problems == [
            "test.json: /resources/0/actions/1/pathParameters/1: parameter \"id\" is declared but not used in the path",
        ])
        #expect(F.validate(F.minimal(setting: "/resources/0/actions/1/path", to: "/contacts/{contactId")).problems == [
            "test.json: /resources/0/actions/1/path: unclosed \"{\" in path template",
        ])
    }

    @Test("action ids are unique in a connector, resource ids too")
    func duplicates() {
        #expect(F.validate(F.minimal(setting: "/resources/0/actions/2/id", to: "createContact")).problems == [
            "test.json: /resources/0/actions/2/id: duplicate action id \"createContact\" (first at /resources/0/actions/0)",
            "test.json: /syncObjects/0/action: no action \"listContacts\" in this connector",
        ])
        let second: JSONValue = ["id": "contacts", "name": "More", "actions": [["id": "getContact", "name": "Get", "method": "GET", "path": "/c"]]]
        #expect(F.validate(F.minimal(setting: "/resources/1", to: second)).problems == [
            "test.json: /resources/1/id: duplicate resource id \"contacts\" (first at /resources/0)",
        ])
    }

    @Test("methods and URLs are checked")
    func methodsAndURLs() {
        #expect(F.validate(F.minimal(setting: "/resources/0/actions/0/method", to: "FETCH")).problems == [
            "test.json: /resources/0/actions/0/method: bad method \"FETCH\"; expected one of GET, POST, PUT, PATCH, DELETE",
        ])
        #expect(F.validate(F.minimal(setting: "/api/baseURL", to: "http://api.acme.example")).problems == [
            "test.json: /api/baseURL: URL must use https (http is allowed only for localhost, 127.0.0.1 and [::1]): \"http://api.acme.example\"",
        ])
        #expect(F.validate(F.minimal(setting: "/api/baseURL", to: "not a url")).problems == [
            "test.json: /api/baseURL: not a valid absolute URL: \"not a url\"",
        ])
        #expect(F.validate(F.minimal(setting: "/api/baseURL", to: "http://127.0.0.1:9999")).problems == [])
    }

    @Test("schema compile problems are re-rooted under the action's requestSchema")
    func schemaProblems() throws {
        let pointer = "/resources/0/actions/0/requestSchema"
        for bad: JSONValue in [
            ["type": "object", "properties": ["x": ["type": "string", "foo": 1]]],
            ["type": "object", "properties": ["x": ["$ref": "#/$defs/missing"]]],
        ] {
            var expected: [String] = []
            do { _ = try JSONSchema(compiling: bad) } catch {
                expected = error.problems.map { "test.json: \(JSONPointer(tokens: JSONPointer(parsing: pointer).tokens + $0.pointer.tokens).displayString): \($0.reason)" }
            }
            #expect(!expected.isEmpty, "the schema compiler accepted \(JSONWriter.compact(bad))")
            var doc = F.minimal(setting: pointer, to: bad)
            doc = F.set(nil, at: JSONPointer(parsing: "/defaultMappings").tokens[...], in: doc)
            let problems = F.validate(doc).problems
            #expect(problems == expected)
            #expect(problems.allSatisfy { $0.hasPrefix("test.json: \(pointer)/properties/x") })
        }
    }

    @Test("categories, error codes and universal fields must be known")
    func vocabularies() {
        #expect(F.validate(F.minimal(setting: "/categories/0", to: "crn")).problems == [
            "test.json: /categories/0: unknown category \"crn\"; expected one of crm, sales-crm, marketing, support, erp, accounting",
        ])
        #expect(F.validate(F.minimal(setting: "/errors/0/code", to: "EXPIRED")).problems == [
            "test.json: /errors/0/code: unknown error code \"EXPIRED\"; expected one of \"INVALID_CREDENTIAL\", \"RATE_LIMIT_EXCEEDED\", \"VALIDATION_ERROR\", \"NOT_FOUND\", \"CONFLICT\", \"PROVIDER_ERROR\"",
        ])
        #expect(F.validate(F.minimal(setting: "/defaultMappings/0/source", to: "contact_emial")).problems == [
            "test.json: /defaultMappings/0/source: unknown universal field \"contact_emial\" (did you mean \"contact_email\"?)",
        ])
        #expect(F.validate(F.minimal(setting: "/defaultMappings/0/transforms", to: ["wrapArray"])).problems == [
            "test.json: /defaultMappings/0/transforms/0: transform \"wrapArray\" takes 1 argument(s), found 0",
        ])
    }

    @Test("references between sections must resolve")
    func references() {
        #expect(F.validate(F.minimal(setting: "/defaultMappings/0/target", to: "/emial")).problems == [
            "test.json: /defaultMappings/0/target: /emial is not declared in the request schema of \"createContact\"",
        ])
        #expect(F.validate(F.minimal(setting: "/syncObjects/0/action", to: "createContact")).problems == [
            "test.json: /syncObjects/0/action: action \"createContact\" is a create action; sync needs a list or search action",
        ])
        #expect(F.validate(F.minimal(setting: "/errors/0/example", to: ["category": "OTHER"])).problems == [])
        let rule: JSONValue = ["when": ["pointer": "/category", "equals": ["AUTH"]], "code": "INVALID_CREDENTIAL", "example": ["category": "OTHER"]]
        #expect(F.validate(F.minimal(setting: "/errors/0", to: rule)).problems == [
            "test.json: /errors/0/example: example does not match `when`: /category is \"OTHER\"",
        ])
    }

    @Test("every problem in a file is reported, not just the first")
    func reportsEverything() {
        var doc = F.minimal(setting: "/iconText", to: 1)
        doc = F.set("FETCH", at: JSONPointer(parsing: "/resources/0/actions/0/method").tokens[...], in: doc)
        doc = F.set(nil, at: JSONPointer(parsing: "/resources/0/actions/2/path").tokens[...], in: doc)
        doc = F.set("crn", at: JSONPointer(parsing: "/categories/0").tokens[...], in: doc)
        let r = F.validate(doc)
        #expect(r.manifest == nil)
        #expect(r.problems.count == 4)
    }

    @Test("OAuth settings are checked: redirect policy, callback mode, PKCE")
    func oauth() {
        let oauth: JSONValue = ["kind": "oauth2", "authorizationURL": "https://a.example/authorize", "tokenURL": "https://a.example/token",
                                "scopes": ["read"], "clientAuthentication": "client_secret_jwt", "pkce": "supported",
                                "redirect": ["policy": "fixed"], "callback": "fragment"]
        #expect(F.validate(F.minimal(setting: "/auth", to: oauth)).problems == [
            "test.json: /auth/clientAuthentication: unknown client authentication \"client_secret_jwt\"; expected one of \"client_secret_post\", \"client_secret_basic\"",
            "test.json: /auth/callback: unknown callback mode \"fragment\"; expected one of \"query\", \"form_post\"",
            "test.json: /auth/redirect/uri: missing",
        ])
        var good = oauth
        good = F.set("client_secret_basic", at: ["clientAuthentication"], in: good)
        good = F.set("form_post", at: ["callback"], in: good)
        good = F.set(["policy": "anyLoopbackPort"], at: ["redirect"], in: good)
        let m = F.validate(F.minimal(setting: "/auth", to: good)).manifest
        #expect(m?.auth.oauth2?.redirect == .anyLoopbackPort(path: "/callback"))
        #expect(m?.auth.oauth2?.refreshURL == "https://a.example/token")
    }
}
