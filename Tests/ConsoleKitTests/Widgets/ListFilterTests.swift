import ConsoleKit
import Testing

@Suite("ListFilter")
struct ListFilterTests {
    @Test("every word of the query must occur, in any order and any case")
    func matches() {
        #expect(ListFilter.matches("hub", "HubSpot"))
        #expect(ListFilter.matches("spot HUB", "HubSpot CRM"))
        #expect(ListFilter.matches("con crm", "create contact (CRM)"))
        #expect(!ListFilter.matches("hub sales", "HubSpot CRM"))
        #expect(!ListFilter.matches("xyz", "HubSpot"))
    }

    @Test("an empty or blank query matches everything")
    func emptyQuery() {
        #expect(ListFilter.matches("", "anything"))
        #expect(ListFilter.matches("   ", "anything"))
        #expect(ListFilter.indices(of: ["a", "b", "c"], matching: "") == [0, 1, 2])
    }

    @Test("indices keeps the original order")
    func indices() {
        let items = ["Salesforce", "HubSpot", "Pipedrive", "Hubble"]
        #expect(ListFilter.indices(of: items, matching: "hub") == [1, 3])
        #expect(ListFilter.indices(of: items, matching: "zzz").isEmpty)
    }

    @Test("highlight marks the matching parts and keeps the text")
    func highlight() {
        let base = Style.plain, mark = Style(attributes: .underline)
        let spans = ListFilter.highlight("HubSpot hub", query: "hub", base: base, highlight: mark)
        #expect(spans == [Span("Hub", mark), Span("Spot ", base), Span("hub", mark)])
    }

    @Test("highlight with several words marks each of them")
    func highlightWords() {
        let base = Style.plain, mark = Style(attributes: .bold)
        let spans = ListFilter.highlight("create contact", query: "con ate", base: base, highlight: mark)
        #expect(spans.map(\.text).joined() == "create contact")
        let marked = spans.filter { $0.style == mark }.map(\.text)
        #expect(marked == ["ate", "con"])
    }

    @Test("no query or no match gives the text in the base style")
    func highlightNothing() {
        let base = Style.plain, mark = Style(attributes: .bold)
        #expect(ListFilter.highlight("abc", query: "", base: base, highlight: mark) == [Span("abc", base)])
        #expect(ListFilter.highlight("abc", query: "zz", base: base, highlight: mark) == [Span("abc", base)])
        #expect(ListFilter.highlight("ab", query: "abcdef", base: base, highlight: mark) == [Span("ab", base)])
    }
}
