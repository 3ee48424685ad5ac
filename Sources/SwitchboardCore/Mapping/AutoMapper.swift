import Foundation

/// Proposes a mapping for an action: the manifest's default rules, then, for every body field
/// still unmapped, the universal field whose name is most alike (`jobtitle` ← `contact_title`,
/// `MailingCity` ← `contact_address_city`), with a type transform where the types differ.
public enum AutoMapper {
    /// Why a rule was proposed.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// The rule the tenant already has (kept as it is).
        case existing
        /// The connector manifest's default mapping.
        case manifestDefault
        /// Name similarity between the target's name and the universal field (score 0…1).
        case nameSimilarity(score: Double)
        /// A record field matching the tenant's own field by name or label.
        case tenantField(String)

        public var description: String {
            switch self {
            case .existing: return "kept"
            case .manifestDefault: return "manifest default"
            case .nameSimilarity(let score): return "name similarity \(String(format: "%.2f", score))"
            case .tenantField(let name): return "matches the account's field \(name)"
            }
        }
    }

    /// One proposed rule and why.
    public struct Proposal: Sendable, Equatable {
        public var rule: MappingRule
        public var origin: Origin
        public init(rule: MappingRule, origin: Origin) {
            self.rule = rule
            self.origin = origin
        }
    }

    /// Scores below this are not proposed.
    public static let threshold = 0.75

    /// The proposals for `action`, in target order: `existing` rules are kept; targets they do not
    /// cover get the manifest's defaults, then name-similar universal fields (each used once).
    public static func propose(connector: ConnectorManifest, action: ActionSpec, keeping existing: FieldMapping? = nil) -> [Proposal] {
        var proposals: [Proposal] = (existing?.rules ?? []).map { Proposal(rule: $0, origin: .existing) }
        var covered = Set(proposals.map(\.rule.target))
        for spec in connector.defaultMappings(forAction: action.id) where !covered.contains(spec.target) {
            proposals.append(Proposal(rule: MappingRule(spec), origin: .manifestDefault))
            covered.insert(spec.target)
        }
        var used = Set(proposals.flatMap(\.rule.source.fieldNames))
        let targets = MappingTarget.all(for: action).filter { target in
            !covered.contains(target.pointer) && !covered.contains { MappingCheck.covers($0, target.pointer) || MappingCheck.covers(target.pointer, $0) }
        }
        let fields = UniversalField.allCases.filter { field in action.object.map { field.object == $0 } ?? true }
        var pairs: [(target: Int, field: UniversalField, score: Double)] = []
        for (i, target) in targets.enumerated() {
            for field in fields {
                let score = similarity(target: target.name, field: field)
                if score >= threshold { pairs.append((i, field, score)) }
            }
        }
        // Best pairs first; ties keep schema order, then model order.
        let order = Dictionary(uniqueKeysWithValues: UniversalField.allCases.enumerated().map { ($0.element, $0.offset) })
        pairs.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.target != b.target { return a.target < b.target }
            return order[a.field, default: 0] < order[b.field, default: 0]
        }
        var taken = Set<Int>()
        var chosen: [(target: Int, proposal: Proposal)] = []
        for pair in pairs where !taken.contains(pair.target) && !used.contains(pair.field.rawValue) {
            taken.insert(pair.target)
            used.insert(pair.field.rawValue)
            let target = targets[pair.target]
            let rule = MappingRule(target: target.pointer, source: .fields([pair.field.rawValue]),
                                   transforms: typeTransforms(from: pair.field, to: target), direction: .both)
            chosen.append((pair.target, Proposal(rule: rule, origin: .nameSimilarity(score: pair.score))))
        }
        proposals += chosen.sorted { $0.target < $1.target }.map(\.proposal)
        return proposals
    }

    /// The proposals as a mapping.
    public static func mapping(connector: ConnectorManifest, action: ActionSpec, keeping existing: FieldMapping? = nil) -> FieldMapping {
        FieldMapping(connectorId: connector.id, actionId: action.id,
                     rules: propose(connector: connector, action: action, keeping: existing).map(\.rule))
    }

    /// How alike a body field's name and a universal field are: 1 for the same letters
    /// (`firstname` ~ `contact_first_name`), 0.8 when one name holds the other (`jobtitle` ~
    /// `contact_title`), 0.78 when both end with the same word (`MailingCity` ~ `contact_address_city`),
    /// else the edit-distance ratio.
    public static func similarity(target: String, field: UniversalField) -> Double {
        let stem = String(field.rawValue.drop { $0 != "_" }.dropFirst())
        let targetWords = words(target)
        var best = 0.0
        for candidate in [stem, field.rawValue] {
            let a = targetWords.joined(), b = words(candidate).joined()
            guard !a.isEmpty, !b.isEmpty else { continue }
            var score = 1 - Double(editDistance(a, b)) / Double(max(a.count, b.count))
            if a == b { score = 1 }
            let shorter = a.count < b.count ? a : b, longer = a.count < b.count ? b : a
            if shorter.count >= 4, longer.contains(shorter) { score = max(score, 0.8) }
            let candidateWords = words(candidate)
            if targetWords.count + candidateWords.count > 2, let last = targetWords.last, last.count >= 3, last == candidateWords.last {
                score = max(score, 0.78)
            }
            best = max(best, score)
        }
        return best
    }

    /// Lower-case words of a name: `MailingCity` → mailing, city; `contact_first_name` → contact, first, name.
    static func words(_ name: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousLower = false
        for c in name {
            if !(c.isLetter || c.isNumber) {
                if !current.isEmpty { result.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if c.isUppercase, previousLower, !current.isEmpty {
                result.append(current)
                current = ""
            }
            current.append(Character(c.lowercased()))
            previousLower = c.isLowercase || c.isNumber
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The transform a value of `field` needs to fit `target`'s type, if any.
    static func typeTransforms(from field: UniversalField, to target: MappingTarget) -> [TransformSpec] {
        let types = Set(target.types)
        func spec(_ text: String) -> [TransformSpec] { (try? TransformSpec.parse(text).get()).map { [$0] } ?? [] }
        switch field.valueType {
        case "number":
            if types.contains("number") || types.isEmpty { return [] }
            if types.contains("integer") { return spec("toInteger") }
            if types.contains("string") { return spec("numberToString") }
        case "datetime":
            if types.contains("integer") || types.contains("number") { return spec("dateToUnixMillis") }
            return spec("dateToISODateTime")
        case "date":
            if types.contains("integer") || types.contains("number") { return spec("dateToUnix") }
            if target.format == "date-time" { return spec("dateToISODateTime") }
            if target.format == "date" { return spec("dateToISODate") }
        default:
            if types.contains("number") && !types.contains("string") { return spec("toNumber") }
        }
        return []
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...y.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[y.count]
    }
}
