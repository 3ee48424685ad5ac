/// Proposes rules into the tenant's own fields: a record field matches a field of the account by
/// name or label (`customer_tier` or `contact_customer_tier` → the property `customer_tier`,
/// `Customer_Tier__c`, or the Pipedrive field labelled "Customer tier"); when the sample records'
/// values differ from a picklist's options only by case or label (`Gold` → `gold`), a lookup table
/// from labels to values is proposed with the rule.
public enum TenantAutoMapper {
    /// Why a tenant rule was proposed.
    public static let origin = "tenant field match"

    /// Rules for the record fields of `samples` that no rule in `existing` uses, each into the
    /// account field they match (each field used once), with lookups where the values need them.
    public static func propose(samples: [UniversalRecord], schema: TenantObjectSchema, write: MetadataWriteSpec,
                               operation: ActionOperation, existing: [MappingRule]) -> [AutoMapper.Proposal] {
        let usedSources = Set(existing.flatMap(\.source.fieldNames))
        var usedTargets = Set(existing.map(\.target))
        var names: [String] = []
        for record in samples { for key in record.fields.keys where !names.contains(key) && !usedSources.contains(key) { names.append(key) } }
        var out: [AutoMapper.Proposal] = []
        for name in names {
            let object = samples.first?.object.rawValue ?? ""
            let key = normalized(name)
            let stripped = name.hasPrefix(object + "_") ? normalized(String(name.dropFirst(object.count + 1))) : key
            let candidates = schema.fields.filter { $0.writable(by: operation) }
            guard let field = candidates.first(where: { f in [normalized(f.name), normalized(f.label)].contains { $0 == key || $0 == stripped } }) else { continue }
            let base = field.custom ? (write.customTarget ?? write.target) : write.target
            let target = base.appending(field.name)
            guard !usedTargets.contains(target) else { continue }
            usedTargets.insert(target)
            var transforms: [TransformSpec] = []
            let values = samples.compactMap { $0.value(name) }.compactMap { $0.stringValue ?? ($0.numberValue.map { JSONWriter.format(number: $0) }) }
            if let lookup = lookup(for: field, values: values) { transforms.append(lookup) }
            if write.values == .string, transforms.isEmpty, samples.contains(where: { $0.value(name)?.numberValue != nil }),
               let spec = try? TransformSpec.parse("numberToString").get() {
                transforms.append(spec)
            }
            out.append(AutoMapper.Proposal(rule: MappingRule(target: target, source: .fields([name]), transforms: transforms, direction: .both),
                                           origin: .tenantField(field.name)))
        }
        return out
    }

    /// A lookup from option labels (and case variants) to option values, when some sample value
    /// is not an option value but names one; nil when the values fit as they are or are not options.
    static func lookup(for field: RemoteField, values: [String]) -> TransformSpec? {
        lookup(for: ValueChoices(target: JSONPointer(tokens: [field.name]), field: field), restricted: field.restrictedOptions, values: values)
    }

    /// The choices' lookup when some of `values` are labels rather than values (and all are one or the other).
    static func lookup(for choices: ValueChoices, restricted: Bool = true, values: [String]) -> TransformSpec? {
        guard !choices.choices.isEmpty, restricted else { return nil }
        let exact = Set(choices.choices.map(\.valueText))
        let misfits = values.filter { !exact.contains($0) }
        guard !misfits.isEmpty else { return nil }
        let resolvable = misfits.allSatisfy { v in choices.choices.contains { $0.valueText.lowercased() == v.lowercased() || $0.label.lowercased() == v.lowercased() } }
        return resolvable ? choices.lookup : nil
    }

    /// Letters and digits in lower case, without Salesforce's `__c`: `Customer_Tier__c` → `customertier`.
    static func normalized(_ name: String) -> String {
        let base = name.hasSuffix("__c") ? String(name.dropLast(3)) : name
        return String(base.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
