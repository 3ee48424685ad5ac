import Foundation

/// The OAuth app's client id and secret for one connector (whitelabel: yours, never in manifests).
public struct AppCredentials: Sendable, Equatable, CustomStringConvertible {
    public var clientID: String
    public var clientSecret: String
    /// Where they came from, for `auth status` ("env", "apps.json", "sandbox").
    public var source: String

    /// App credentials.
    public init(clientID: String, clientSecret: String, source: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.source = source
    }

    /// Never shows the secret.
    public var description: String { "client \(clientID) (secret \(Redaction.hint(clientSecret)), from \(source))" }

    /// `SWITCHBOARD_<CONNECTOR>` for a connector id: upper-cased, `-` as `_` (zoho-crm → SWITCHBOARD_ZOHO_CRM).
    public static func environmentPrefix(for connectorID: String) -> String {
        "SWITCHBOARD_" + connectorID.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// The config file: `$XDG_CONFIG_HOME/switchboard/apps.json` (else `~/.config/switchboard/apps.json`).
    public static func configFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("switchboard/apps.json")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/switchboard/apps.json")
    }

    /// The app credentials for `connectorID`: the environment first, then the config file
    /// (`{"hubspot": {"clientId": "…", "clientSecret": "…"}}`).
    public static func resolve(connectorID: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                               configFile: URL? = nil) throws(AuthError) -> AppCredentials {
        let prefix = environmentPrefix(for: connectorID)
        let file = configFile ?? Self.configFile(environment: environment)
        if let id = environment[prefix + "_CLIENT_ID"], !id.isEmpty {
            guard let secret = environment[prefix + "_CLIENT_SECRET"], !secret.isEmpty else {
                throw .missingAppCredentials(connector: connectorID, envPrefix: prefix, configFile: file.path)
            }
            return AppCredentials(clientID: id, clientSecret: secret, source: "environment")
        }
        if let data = FileManager.default.contents(atPath: file.path) {
            guard case .object(let root)? = try? JSONParser.parse(data) else {
                throw .badAppConfig("\(file.path) is not a JSON object")
            }
            if let entry = root[connectorID] {
                guard let id = entry["clientId"]?.stringValue, !id.isEmpty,
                      let secret = entry["clientSecret"]?.stringValue, !secret.isEmpty else {
                    throw .badAppConfig("\(file.path): \"\(connectorID)\" needs string fields clientId and clientSecret")
                }
                return AppCredentials(clientID: id, clientSecret: secret, source: file.lastPathComponent)
            }
        }
        throw .missingAppCredentials(connector: connectorID, envPrefix: prefix, configFile: file.path)
    }
}
