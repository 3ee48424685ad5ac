/// One value transform in a mapping, written `name[:argument...][:option=value...]`, e.g.
/// `numberToString`, `toCents`, `join:sep=, `, `wrapArray:email:category=work`.
///
/// Option values that read as JSON literals (`true`, `false`, `null`, numbers) become those
/// values; everything else is a string.
public struct TransformSpec: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var arguments: [String]
    public var options: JSONObject
    /// The transform as written in the manifest.
    public var description: String

    /// The transforms the mapper implements, with how many positional arguments each takes and what it does.
    public static let known: [(name: String, arguments: Int, summary: String)] = [
        ("numberToString", 0, "a number as text without a trailing .0 (HubSpot properties are strings)"),
        ("toNumber", 0, "text such as \"75000\" as a number"),
        ("toInteger", 0, "a number or numeric text as a whole number (ids such as Copper pipeline_stage_id)"),
        ("toCents", 0, "an amount in currency units as whole cents (Copper monetary_value)"),
        ("dateToUnix", 0, "a YYYY-MM-DD date (midnight UTC) or ISO 8601 time as seconds since 1970 (Copper close_date)"),
        ("dateToUnixMillis", 0, "a date or time as milliseconds since 1970"),
        ("dateToISODate", 0, "a date or time as YYYY-MM-DD (Salesforce CloseDate)"),
        ("join", 0, "several sources joined by a space, or by option sep (Copper name = first + last)"),
        ("wrapArray", 1, "[{<argument>: value, <options>...}] (Copper emails, Pipedrive emails)"),
        ("wrapObject", 1, "{<argument>: value, <options>...} (lookups such as Zoho Account_Name {\"id\": ...}, Copper's {id, type=person})"),
        ("first", 0, "the first element of a list (a CRM that takes one contact per deal, from deal_contact_ids)"),
        ("associate", 1, "a HubSpot association to the record id: {\"to\": {\"id\": value}, \"types\": [{\"associationCategory\": HUBSPOT_DEFINED (option category), \"associationTypeId\": <argument>}]}"),
        ("lowercase", 0, "text in lower case"),
        ("trim", 0, "text without leading and trailing white space"),
        ("domainFromURL", 0, "the host of a URL without www. (a company domain from its website)"),
        ("uppercase", 0, "text in upper case"),
        ("toText", 0, "a value as text, numbers without a trailing .0 (a default id such as HubSpot's pipeline \"0\")"),
        ("splitName", 1, "one part of a full name: first (all but the last word) or last (the last word)"),
        ("dateToISODateTime", 0, "a date or time as an ISO 8601 UTC time, e.g. 2026-12-01T00:00:00Z"),
        ("fromCents", 0, "whole cents as an amount in currency units (pulling Copper monetary_value)"),
        ("yesNo", 0, "a boolean (or true/false/1/0 text) as \"Yes\" / \"No\""),
        ("currency", 0, "a number as a currency string with 2 decimals and the option code, e.g. \"1234.50 EUR\""),
        ("default", 1, "the argument when the value is missing or empty (a number or true/false when it reads as one)"),
        ("ifPresent", 1, "the argument when the value is there, nothing otherwise (Zoho's $se_module Deals beside a What_Id)"),
        ("lookup", 0, "the option whose name is the value, e.g. lookup:Won=closedwon:Lost=closedlost (pipeline stage ids); option strict=false passes unknown values through"),
    ]

    /// Parses `text`; the error message names the problem (unknown name, wrong argument count).
    public static func parse(_ text: String) -> Result<TransformSpec, TemplateSyntaxError> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        guard let entry = known.first(where: { $0.name == name }) else {
            let names = known.map(\.name).joined(separator: ", ")
            return .failure(TemplateSyntaxError(message: "unknown transform \"\(name)\"; known: \(names)"))
        }
        var arguments: [String] = []
        var options = JSONObject()
        for part in parts.dropFirst() {
            if let eq = part.firstIndex(of: "=") {
                let key = String(part[..<eq])
                guard !key.isEmpty else { return .failure(TemplateSyntaxError(message: "option without a name in \"\(text)\"")) }
                options[key] = literal(String(part[part.index(after: eq)...]))
            } else {
                guard options.isEmpty else { return .failure(TemplateSyntaxError(message: "argument \"\(part)\" after options in \"\(text)\"")) }
                arguments.append(part)
            }
        }
        guard arguments.count == entry.arguments else {
            return .failure(TemplateSyntaxError(message: "transform \"\(name)\" takes \(entry.arguments) argument(s), found \(arguments.count)"))
        }
        if arguments.contains(where: \.isEmpty) { return .failure(TemplateSyntaxError(message: "empty argument in \"\(text)\"")) }
        return .success(TransformSpec(name: name, arguments: arguments, options: options, description: text))
    }

    /// `-?[0-9]+(\.[0-9]+)?`: digits with an optional sign and fraction (not `1e5`, `.5` or `inf`).
    static func isPlainNumber(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } } && !(digits.last == ".")
    }

    private static func literal(_ text: String) -> JSONValue {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let n = Double(text), Self.isPlainNumber(text) { return .number(n) }
            return .string(text)
        }
    }
}
