import ConsoleKit
import Testing

@Suite("PreparedFilter")
struct PreparedFilterTests {
    let rows = ["20270115-080000 finished hubspot createContact", "Zoë Ärger stopped salesforce", "interrupted pipedrive createDeal", "", "ＡＢＣ wide",
                "Jose\u{301} Mu\u{308}ller", "José Müller"]

    @Test("matches exactly what ListFilter.matches matches, for every query")
    func sameAsListFilter() {
        let queries = ["", "fin", "FIN hub", "create", "contact deal", "zoë", "ärger STOP", "ｂｃ", "x", "  ", "20270115 080000", "d c",
                       "josé", "jose", "JOSÉ MÜLLER", "Jose\u{301}", "mu", "mü"]
        for query in queries {
            let prepared = PreparedFilter(query)
            for row in rows {
                #expect(prepared.matches(PreparedFilter.haystack(row)) == ListFilter.matches(query, row), "\(query) on \(row)")
            }
        }
    }

    @Test("a word typed onto the end narrows; a deleted letter or another word does not")
    func narrowing() {
        #expect(PreparedFilter("").isNarrowed(by: PreparedFilter("f")))
        #expect(PreparedFilter("fin").isNarrowed(by: PreparedFilter("fini")))
        #expect(PreparedFilter("fin").isNarrowed(by: PreparedFilter("fin hub")))
        #expect(!PreparedFilter("fini").isNarrowed(by: PreparedFilter("fin")))
        #expect(!PreparedFilter("fin hub").isNarrowed(by: PreparedFilter("fin")))
        #expect(!PreparedFilter("fin").isNarrowed(by: PreparedFilter("stop")))
    }
}
