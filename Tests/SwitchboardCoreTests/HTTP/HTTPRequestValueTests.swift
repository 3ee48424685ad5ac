import Logging
import NIOConcurrencyHelpers
import Foundation
import Testing
@testable import SwitchboardCore

/// Request values: form encoding and redacted descriptions.
@Suite("HTTP values")
struct HTTPRequestValueTests {
    @Test("Authorization, API-key headers and secret form fields are shown as ••••last4")
    func redaction() {
        var request = HTTPRequestValue.form("https://x.test/token", fields: [("grant_type", "refresh_token"), ("refresh_token", "rt-secret-value-9999"),
                                                                             ("client_secret", "cs-secret-value-8888"), ("scope", "a b")])
        request.headers.append(HTTPHeaderField("Authorization", "Bearer at-secret-value-7777"))
        request.headers.append(HTTPHeaderField("X-Custom-Key", "custom-secret-6666"))
        request.sensitiveHeaders = ["x-custom-key"]
        let text = request.redactedDescription
        #expect(text.contains("POST https://x.test/token"))
        #expect(text.contains("Authorization: ••••7777"))
        #expect(text.contains("X-Custom-Key: ••••6666"))
        #expect(text.contains("refresh_token=••••9999"))
        #expect(text.contains("client_secret=••••8888"))
        #expect(text.contains("scope=a%20b"))
        #expect(!text.contains("secret-value"))
    }

    @Test("form encoding round-trips reserved characters and + as space")
    func formEncoding() {
        let encoded = FormEncoding.encode([("a b", "c&d=e/f?"), ("ü", "")])
        #expect(encoded == "a%20b=c%26d%3De%2Ff%3F&%C3%BC=")
        #expect(FormEncoding.decode(encoded).map { "\($0.0)|\($0.1)" } == ["a b|c&d=e/f?", "ü|"])
        #expect(FormEncoding.decode("x=1+2").first?.1 == "1 2")
    }

    @Test("app credentials: environment first, then apps.json; names derived from the connector id")
    func appCredentials() throws {
        #expect(AppCredentials.environmentPrefix(for: "zoho-crm") == "SWITCHBOARD_ZOHO_CRM")
        let env = ["SWITCHBOARD_HUBSPOT_CLIENT_ID": "id1", "SWITCHBOARD_HUBSPOT_CLIENT_SECRET": "secret-one-1234"]
        let fromEnv = try AppCredentials.resolve(connectorID: "hubspot", environment: env, configFile: URL(fileURLWithPath: "/nonexistent"))
        #expect(fromEnv.clientID == "id1")
        #expect(!fromEnv.description.contains("secret-one"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("apps-\(UUID()).json")
        try Data(#"{"pipedrive": {"clientId": "pd", "clientSecret": "pd-secret"}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try AppCredentials.resolve(connectorID: "pipedrive", environment: [:], configFile: file).clientSecret == "pd-secret")
        #expect {
            try AppCredentials.resolve(connectorID: "zoho-crm", environment: [:], configFile: file)
        } throws: { error in
            (error as? AuthError)?.description.contains("SWITCHBOARD_ZOHO_CRM_CLIENT_ID") == true
        }
    }

    @Test("the token response keeps metadata and never keeps secrets as metadata")
    func tokenResponse() throws {
        let body = Data(#"{"access_token":"a","refresh_token":"r","expires_in":"1800","scope":"x,y z","api_domain":"https://api.eu","instance_url":"https://i"}"#.utf8)
        let parsed = try TokenResponse.parse(body, hostFields: ["api_domain"], separator: ",")
        #expect(parsed.expiresIn == 1800)
        #expect(parsed.scopes == ["x", "y", "z"])
        #expect(parsed.metadata["api_domain"] == "https://api.eu")
        #expect(parsed.metadata["instance_url"] == "https://i")
        #expect(parsed.metadata["access_token"] == nil)
        #expect(throws: AuthError.invalidTokenResponse("no access_token")) { try TokenResponse.parse(Data("{}".utf8), hostFields: [], separator: " ") }
    }
}

/// Logs never carry secrets.
@Suite("Redacting log handler")
struct RedactingLogHandlerTests {
    @Test("Bearer tokens, form/query secrets and JSON token fields are scrubbed to ••••last4")
    func scrubs() {
        let text = RedactingLogHandler.redact(#"Authorization: Bearer abcdefghijklmnop1234 body grant_type=refresh_token&refresh_token=rt-secret-abcd-9999&client_secret=cs-0000-1111-2222 {"access_token": "at-json-secret-7777", "scope": "a"}"#)
        #expect(!text.contains("abcdefghijklmnop"))
        #expect(text.contains("Bearer ••••1234"))
        #expect(text.contains("refresh_token=••••9999"))
        #expect(text.contains("grant_type=refresh_token"), "non-secret fields stay")
        #expect(text.contains("client_secret=••••2222"))
        #expect(text.contains(#""access_token": "••••7777""#))
        #expect(text.contains(#""scope": "a""#))
    }
}


/// Captures what reaches it.
struct CapturingLogHandler: LogHandler {
    let lines: NIOLockedValueBox<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        lines.withLockedValue { $0.append(event.message.description + " " + (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.joined(separator: " ")) }
    }
}

extension RedactingLogHandlerTests {
    @Test("through a Logger: message and metadata are scrubbed before the wrapped handler sees them")
    func throughLogger() {
        let lines = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "test") { _ in RedactingLogHandler(wrapping: CapturingLogHandler(lines: lines)) }
        logger.info("sending Bearer zzzzzzzzzzzz5678", metadata: ["body": "refresh_token=rt-abcdefgh-4321"])
        let line = lines.withLockedValue { $0.joined() }
        #expect(line.contains("Bearer ••••5678"))
        #expect(line.contains("refresh_token=••••4321"))
        #expect(!line.contains("zzzzzzzz") && !line.contains("rt-abcdefgh"))
    }
}
