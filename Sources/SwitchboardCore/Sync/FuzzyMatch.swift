import Foundation

/// The opt-in last resort of matching: the same person (first + last name, at most one letter
/// off) at the same company, ignoring case, accents and punctuation; only a unique hit counts.
enum FuzzyMatch {
    static func unique(_ remote: JSONObject, among locals: [LocalRecord], object: UniversalObject) -> LocalRecord? {
        guard object == .contact else { return nil }
        let name = normalized(remote, ["contact_first_name", "contact_last_name"])
        let company = normalized(remote, ["contact_company"])
        guard !name.isEmpty, !company.isEmpty else { return nil }
        let hits = locals.filter { l in
            normalized(l.fields, ["contact_company"]) == company && distance(normalized(l.fields, ["contact_first_name", "contact_last_name"]), name) <= 1
        }
        return hits.count == 1 ? hits[0] : nil
    }

    static func normalized(_ fields: JSONObject, _ names: [String]) -> String {
        names.compactMap { fields[$0]?.stringValue }.joined(separator: " ")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .filter { $0.isLetter || $0.isNumber }
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
