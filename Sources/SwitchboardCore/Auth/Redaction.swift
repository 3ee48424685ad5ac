/// Shows secrets only by their last four characters: `••••a1b2`.
public enum Redaction {
    /// The hint for `secret`: "••••" plus its last 4 characters (only "••••" when it is shorter than 12).
    public static func hint(_ secret: String) -> String {
        secret.count >= 12 ? "••••" + secret.suffix(4) : "••••"
    }

    /// `text` with every occurrence of each secret replaced by its hint (for error messages and logs).
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            out = out.replacingOccurrences(of: secret, with: hint(secret))
        }
        return out
    }
}
