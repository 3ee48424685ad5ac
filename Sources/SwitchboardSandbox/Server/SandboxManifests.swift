import Foundation
import SwitchboardCore

/// Override manifests that point the built-in connectors at a sandbox: merged over the built-ins
/// by the catalog's user-directory mechanism (RFC 7396), so nothing real is contacted.
public enum SandboxManifests {
    /// The connector ids with a registered sandbox client.
    public static let connectorIDs = ["copper", "hubspot", "pipedrive", "salesforce", "zoho-crm"]

    /// The override document for one connector id against a sandbox at `baseURL`; nil for unknown ids.
    public static func override(connectorID id: String, baseURL: URL) -> JSONValue? {
        guard let client = SandboxClient.registered[id] else { return nil }
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        let oauth = "\(base)/oauth/\(id)"
        // Copper's API lives under /developer_api/v1 of its host, as the built-in base URL says.
        let api = id == "copper" ? "\(base)/copper/developer_api/v1" : "\(base)/\(id)"
        var auth = jsonObject([
            "authorizationURL": .string(oauth + "/authorize"),
            "tokenURL": .string(oauth + "/token"),
            "refreshURL": .string(oauth + "/token"),
            "revokeURL": .string(oauth + "/revoke"),
            "clientAuthentication": .string(client.authMethod),
            "pkce": "required",
            "redirect": ["policy": "anyLoopbackPort", "path": "/oauth/callback", "uri": .null],
            "callback": "query",
        ])
        if id == "copper" { auth["issuesRefreshTokens"] = false }
        var doc = jsonObject(["id": .string(id), "auth": .object(auth), "api": ["baseURL": .string(api)]])
        if id == "salesforce" || id == "zoho-crm" {
            doc["api"] = ["baseURL": .string(api), "regions": [[
                "id": "sandbox", "name": "Switchboard sandbox", "baseURL": .string(api),
                "authorizationURL": .string(oauth + "/authorize"), "tokenURL": .string(oauth + "/token"), "revokeURL": .string(oauth + "/revoke"),
            ]]]
        }
        // Token methods that set their own API host (Pipedrive's company domain) point here too.
        if let methods = builtInAuthMethods(id), methods.contains(where: { $0["apiBaseURL"] != nil }) {
            doc["authMethods"] = .array(methods.map { method in
                guard case .object(var o) = method, o["apiBaseURL"] != nil else { return method }
                o["apiBaseURL"] = .string(api)
                return .object(o)
            })
        }
        return .object(doc)
    }

    /// The `authMethods` of the built-in manifest `id`, as written.
    private static func builtInAuthMethods(_ id: String) -> [JSONValue]? {
        guard let file = ConnectorCatalog.builtInManifestFiles().first(where: { $0.deletingPathExtension().lastPathComponent == id }),
              let data = try? Data(contentsOf: file), let doc = try? JSONParser.parse(data) else { return nil }
        return doc["authMethods"]?.arrayValue
    }

    /// Writes `<id>.json` for every built-in connector into `folder` (created if needed) and returns the files.
    @discardableResult
    public static func write(to folder: URL, baseURL: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [URL] = []
        for id in connectorIDs {
            guard let doc = override(connectorID: id, baseURL: baseURL) else { continue }
            let url = folder.appendingPathComponent("\(id).json")
            try Data((JSONWriter.pretty(doc) + "\n").utf8).write(to: url, options: .atomic)
            files.append(url)
        }
        return files
    }

    /// Empties `folder` (its old manifests pointed at an earlier port), then writes the manifests.
    @discardableResult
    public static func replace(in folder: URL, baseURL: URL) throws -> [URL] {
        try? FileManager.default.removeItem(at: folder)
        return try write(to: folder, baseURL: baseURL)
    }
}
