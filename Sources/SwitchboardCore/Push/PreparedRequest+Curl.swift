/// A prepared request as a `curl` command line, for a person to replay or share.
extension PreparedRequest {
    /// `curl -X METHOD 'URL' -H 'Name: value' … --data-raw 'BODY'`, single-quoted for a POSIX
    /// shell. Credential headers read `Bearer <redacted>` (the scheme kept, the secret not)
    /// unless `redactingToken` is false; the preview's own request has no token to show.
    public func curl(redactingToken: Bool = true) -> String {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var parts = ["curl", "-X", method, quoted(url)]
        for header in headers {
            var value = header.value
            if redactingToken, Secret.isSensitiveHeader(header.name) {
                value = value.firstIndex(of: " ").map { String(value[...$0]) + "<redacted>" } ?? "<redacted>"
            }
            parts += ["-H", quoted("\(header.name): \(value)")]
        }
        if let body { parts += ["--data-raw", quoted(JSONWriter.compact(body))] }
        return parts.joined(separator: " ")
    }
}
