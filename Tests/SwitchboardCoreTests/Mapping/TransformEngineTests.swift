import SwitchboardCore
import Testing

@Suite("Transforms")
struct TransformEngineTests {
    private func apply(_ text: String, _ value: JSONValue?, all: [JSONValue?]? = nil) throws -> JSONValue? {
        guard case .success(let spec) = TransformSpec.parse(text) else { Issue.record("bad spec \(text)"); return nil }
        return try TransformEngine.apply(spec, to: value, all: all ?? [value])
    }

    @Test("numbers become HubSpot strings, and Copper cents both ways")
    func numbers() throws {
        #expect(try apply("numberToString", 75000) == "75000")
        #expect(try apply("numberToString", 19.5) == "19.5")
        #expect(try apply("toCents", 1234.56) == 123456)
        #expect(try apply("toCents", "99.99") == 9999)
        #expect(try apply("fromCents", 9999) == 99.99)
        #expect(try apply("currency:code=EUR", 1234.5) == "1234.50 EUR")
        #expect(throws: TransformError.self) { try apply("toCents", "lots") }
    }

    @Test("dates become ISO dates, ISO times and unix seconds")
    func dates() throws {
        #expect(try apply("dateToUnix", "2026-12-01") == 1_796_083_200)
        #expect(try apply("dateToISODate", "2026-12-01T15:30:00Z") == "2026-12-01")
        #expect(try apply("dateToISODateTime", "2026-12-01") == "2026-12-01T00:00:00Z")
        #expect(try apply("dateToUnixMillis", "1970-01-02") == 86_400_000)
        #expect(throws: TransformError.self) { try apply("dateToUnix", "2026-02-30") }
    }

    @Test("names join and split; text trims and changes case")
    func text() throws {
        #expect(try apply("join", "Ada", all: ["Ada", "Lovelace"]) == "Ada Lovelace")
        #expect(try apply("join:sep=, ", "A", all: ["A", nil, "C"]) == "A, C")
        #expect(try apply("splitName:first", "Ada King Lovelace") == "Ada King")
        #expect(try apply("splitName:last", "Ada King Lovelace") == "Lovelace")
        #expect(try apply("splitName:last", "Cher") == nil, "a one-word name has no last name")
        #expect(try apply("trim", "  x ") == "x")
        #expect(try apply("uppercase", "gb") == "GB")
        #expect(try apply("lowercase", "Ada@Example.COM") == "ada@example.com")
        #expect(try apply("domainFromURL", "https://www.Example.com/about") == "example.com")
    }

    @Test("wrapping, yes/no, defaults and lookup tables")
    func shapes() throws {
        #expect(try apply("wrapArray:email:category=work", "a@b.co") == [["email": "a@b.co", "category": "work"]])
        #expect(try apply("wrapObject:id", "42") == ["id": "42"])
        #expect(try apply("yesNo", true) == "Yes")
        #expect(try apply("yesNo", "0") == "No")
        #expect(try apply("default:Prospect", nil) == "Prospect")
        #expect(try apply("default:Prospect", "Won") == "Won")
        #expect(try apply("lookup:Won=closedwon:Lost=closedlost", "won") == "closedwon")
        #expect(try apply("lookup:Won=closedwon:strict=false", "Open") == "Open")
        let error = try? #require(throws: TransformError.self) { try apply("lookup:Won=closedwon", "Open") }
        #expect(error?.message.contains("Won") == true, "the error lists the table")
    }

    @Test("a missing source leaves the target out, except for default")
    func missing() throws {
        #expect(try apply("numberToString", nil) == nil)
        #expect(try apply("wrapArray:email", nil) == nil)
    }
}
