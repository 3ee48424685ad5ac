/// Merges a user manifest over a built-in one (RFC 7396 JSON Merge Patch): objects merge key by key,
/// arrays and scalars replace, and `null` removes a key. Key order follows the base document.
public enum ManifestMerger {
    /// `override` applied to `base`.
    public static func merge(_ base: JSONValue, _ override: JSONValue) -> JSONValue {
        guard case .object(let patch) = override else { return override }
        var result = base.objectValue ?? JSONObject()
        for (key, value) in patch {
            if value.isNull {
                result[key] = nil
            } else if case .object = value {
                result[key] = merge(result[key] ?? .object(JSONObject()), value)
            } else {
                result[key] = value
            }
        }
        return .object(result)
    }
}
