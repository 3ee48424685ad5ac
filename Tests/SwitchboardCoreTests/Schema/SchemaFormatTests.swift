import Testing
@testable import SwitchboardCore

@Suite("format")
struct SchemaFormatTests {
    static let validEmails = [
        "a@b.co", "first.last+tag@sub.example.com", "o'brien@example.ie", "x@b.c", "USER_1@EXAMPLE.ORG",
        "a-b@xn--bcher-kva.example",
    ]
    static let invalidEmails = [
        "", "plain", "@b.co", "a@", "a@b", "a..b@c.co", ".a@b.co", "a.@b.co", "a@-b.co", "a@b-.co", "a@b..co",
        "a b@c.co", "a@b.co ", "ann@exa_mple.com", "a@b@c.co", "ann@example.com.", "jörg@example.de",
        String(repeating: "a", count: 65) + "@example.com",
    ]
    static let validDates = ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"]
    static let invalidDates = [
        "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-01", "2024/01/01",
        "2024-01-01T00:00:00Z", "24-01-01", "",
    ]
    static let validDateTimes = [
        "2024-05-01T09:30:00Z", "2024-05-01t09:30:00z", "2024-05-01T09:30:00.123+02:00", "2024-05-01T23:59:59-12:00",
        "1998-12-31T23:59:60Z", "1998-12-31T15:59:60.5-08:00",
    ]
    static let invalidDateTimes = [
        "1998-12-31T22:59:60Z", "2024-05-01T24:00:00Z", "2024-05-01 09:30:00Z", "2024-05-01T09:30:00",
        "2024-05-01T09:30Z", "2024-05-01T09:30:00.Z", "2024-02-30T00:00:00Z", "2024-05-01T09:30:00+0200",
        "2024-05-01T09:60:00Z", "2024-05-01", "",
    ]
    static let validURIs = [
        "https://example.com/a?b=c#d", "mailto:ann@example.com", "urn:isbn:0451450523", "http://[::1]:8080/",
        "https://example.com/%E2%82%AC", "git+ssh://git@example.com/repo.git",
    ]
    static let invalidURIs = [
        "example.com", "/relative/path", "1http://x", "http://exa mple.com", "http://example.com/%zz",
        "http://example.com/é", "http:", ":no-scheme", "",
    ]

    @Test("email accepts ordinary addresses", arguments: validEmails) func validEmail(_ s: String) { #expect(accepts("email", s)) }
    @Test("email rejects malformed addresses", arguments: invalidEmails) func invalidEmail(_ s: String) { #expect(!accepts("email", s)) }
    @Test("date accepts real calendar days", arguments: validDates) func validDate(_ s: String) { #expect(accepts("date", s)) }
    @Test("date rejects impossible or misshapen dates", arguments: invalidDates) func invalidDate(_ s: String) { #expect(!accepts("date", s)) }
    @Test("date-time accepts RFC 3339", arguments: validDateTimes) func validDateTime(_ s: String) { #expect(accepts("date-time", s)) }
    @Test("date-time rejects the rest", arguments: invalidDateTimes) func invalidDateTime(_ s: String) { #expect(!accepts("date-time", s)) }
    @Test("uri accepts absolute URIs", arguments: validURIs) func validURI(_ s: String) { #expect(accepts("uri", s)) }
    @Test("uri rejects relative or malformed ones", arguments: invalidURIs) func invalidURI(_ s: String) { #expect(!accepts("uri", s)) }

    @Test("each format explains itself in plain language")
    func reasons() throws {
        #expect(try violationLines(#"{"format":"email"}"#, #""nope""#) == ["/ [format] must be a valid email address"])
        #expect(try violationLines(#"{"format":"date"}"#, #""2023-02-29""#) == ["/ [format] must be a valid date (YYYY-MM-DD)"])
        #expect(
            try violationLines(#"{"format":"date-time"}"#, #""yesterday""#)
                == ["/ [format] must be a valid date-time (RFC 3339, e.g. 2024-05-01T09:30:00Z)"])
        #expect(
            try violationLines(#"{"format":"uri"}"#, #""example.com""#)
                == ["/ [format] must be an absolute URI with a scheme (e.g. https://example.com)"])
    }

    @Test("formats only apply to strings")
    func onlyStrings() throws {
        #expect(try violationLines(#"{"format":"email"}"#, "42") == [])
    }

    private func accepts(_ format: String, _ s: String) -> Bool {
        guard let schema = try? JSONSchema(compiling: ["format": .string(format)]) else {
            Issue.record("format \(format) did not compile")
            return false
        }
        return schema.isValid(.string(s))
    }
}
