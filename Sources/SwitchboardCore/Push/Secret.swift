/// Masks secrets for display: tokens are never shown whole, only `••••` and their last 4 characters.
public enum Secret {
    /// `••••abcd` (or `••••` for short secrets).
    public static func mask(_ secret: String) -> String {
        secret.count <= 8 ? "••••" : "••••" + secret.suffix(4)
    }

    /// A header value with its credential masked: `Bearer ••••abcd`.
    public static func maskHeaderValue(_ value: String) -> String {
        if let space = value.firstIndex(of: " ") {
            return String(value[...space]) + mask(String(value[value.index(after: space)...]))
        }
        return mask(value)
    }

    /// Headers that carry credentials.
    public static func isSensitiveHeader(_ name: String) -> Bool {
        let n = name.lowercased()
        return n == "authorization" || n == "proxy-authorization" || n.contains("api-key") || n.contains("apikey") || n.contains("token") || n == "cookie"
    }
}
