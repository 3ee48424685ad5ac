import Testing
@testable import SwitchboardCore

/// Issue 18, finding 11: a manifest's URLs may not point at link-local or cloud metadata
/// addresses, where a token or client secret sent would leak; https elsewhere, http only on loopback.
@Suite("Manifest URLs")
struct ManifestURLRuleTests {
    @Test("link-local and metadata hosts are refused whatever the scheme; ordinary hosts and loopback pass",
          arguments: ["https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/token", "http://metadata.google.internal/computeMetadata/v1/",
                      "https://100.100.100.200/latest", "https://[fd00:ec2::254]/token"])
    func refused(_ url: String) {
        #expect(URLRule.problem(with: url)?.contains("link-local or cloud metadata address") == true, "\(url)")
    }

    @Test("ordinary hosts, names that merely start like link-local prefixes, and loopback http pass",
          arguments: ["https://api.hubapi.com/oauth/v1/token", "https://fe80shop.example/token", "http://127.0.0.1:8080/token", "https://169.254example.com/x"])
    func allowed(_ url: String) {
        #expect(URLRule.problem(with: url) == nil, "\(url)")
    }
}
