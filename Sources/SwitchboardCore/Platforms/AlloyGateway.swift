import Foundation

/// Describes the Alloy execute call as a connector manifest, so the push engine, the preview
/// builder and the schema viewer work unchanged through Alloy.
///
/// For an Alloy connector (and the built-in manifest behind it, when there is one) the gateway
/// manifest has:
/// - `api.baseURL` = the Alloy base URL; headers `x-api-version: 2025-09` and `x-alloy-userid`;
///   auth = the API key as `Authorization: Bearer <key>` (masked in previews like any token);
/// - one action per Alloy action: `POST /connectors/{id}/actions/{actionId}/execute`, whose body
///   schema is `{credentialId, requestBody: <the Alloy action's schema>}` and whose new record id
///   is at `/responseData` + the built-in action's id pointer (`/responseData/id`);
/// - Alloy's error codes as error rules (INVALID_CREDENTIAL stops, RATE_LIMIT_EXCEEDED waits,
///   VALIDATION_ERROR fails the record), and no batch actions (execute takes one record).
///
/// The mapping is the built-in one with every target moved under `/requestBody`, plus the
/// tenant's `credentialId` as a constant.
public enum AlloyGateway {
    /// The prefix of gateway manifest ids and of the connector ids record links are kept under.
    public static let idPrefix = "alloy:"

    /// `alloy:hubspot`.
    public static func gatewayID(_ alloyID: String) -> String { idPrefix + alloyID }

    /// The Alloy connector id inside a gateway id, nil for other ids.
    public static func alloyID(fromGateway id: String) -> String? {
        id.hasPrefix(idPrefix) ? String(id.dropFirst(idPrefix.count)) : nil
    }

    /// The credential placeholder in previews made before the tenant is connected.
    public static let notConnectedCredential = "<not connected>"

    /// The gateway manifest for `connector` with `actions` (from `GET .../actions/{id}`).
    public static func manifest(connector: PlatformConnector, local: ConnectorManifest?, baseURL: String, userID: String?,
                                resources: [PlatformResource], actions: [PlatformAction], credentialID: String? = nil) -> ConnectorManifest {
        let alloyID = connector.id
        var headers = [NameValue("x-api-version", AlloyClient.apiVersion)]
        headers.append(NameValue("x-alloy-userid", userID ?? "<no Alloy user yet>"))
        let api = APISpec(baseURL: AlloyClient.normalize(baseURL), contentType: "application/json", headers: headers, regions: [],
                          docsURL: "https://docs.runalloy.com")
        let auth = AuthSpec.apiKey(APIKeySpec(header: "Authorization", format: "Bearer {apiKey}",
                                              instructions: "Alloy Dashboard → Settings → API Keys; `switchboard alloy login` stores it"))
        let byID = Dictionary(actions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var specs: [ResourceSpec] = []
        for resource in resources {
            let localResource = local?.resources.first { $0.id == resource.name }
            let list = resource.actions.compactMap { summary -> ActionSpec? in
                let detail = byID[summary.id]
                let localAction = local?.action(id: summary.id)?.action
                return action(alloyID: alloyID, summary: summary, detail: detail, local: localAction)
            }
            specs.append(ResourceSpec(id: resource.name, name: localResource?.name ?? resource.name.capitalized, description: resource.description,
                                      object: localResource?.object, actions: list))
        }
        var rateLimits = local?.rateLimits ?? .none
        rateLimits.headers = RateLimitHeaders()
        let document: JSONValue = ["id": .string(gatewayID(alloyID)), "name": .string(connector.name), "via": "Alloy Connectivity API",
                                   "baseURL": .string(api.baseURL), "manifest": local.map { .string($0.id) } ?? .null,
                                   "credentialId": .string(credentialID ?? notConnectedCredential)]
        let defaults = (local?.defaultMappings ?? []).map { spec in
            var moved = spec
            moved.target = JSONPointer(tokens: ["requestBody"] + spec.target.tokens)
            return moved
        }
        var manifest = ConnectorManifest(
            id: gatewayID(alloyID), name: connector.name, iconText: local?.iconText ?? String(connector.name.prefix(2)).uppercased(),
            description: (local?.description ?? connector.name) + " — through Alloy",
            categories: connector.categories, auth: auth, api: api, rateLimits: rateLimits, batch: nil, resources: specs, syncObjects: [],
            defaultMappings: defaults, errors: errorRules, source: .platform("alloy"), overridesBuiltIn: false, document: document)
        // Every mapping through Alloy starts with the credential the manifest was built for (else the placeholder).
        manifest.leadingRules = [MappingRule(target: JSONPointer(tokens: ["credentialId"]), source: .constant(.string(credentialID ?? notConnectedCredential)), direction: .push)]
        return manifest
    }

    /// One gateway action. Without the Alloy action's detail, the built-in action's schema is used.
    static func action(alloyID: String, summary: PlatformActionSummary, detail: PlatformAction?, local: ActionSpec?) -> ActionSpec {
        let inner = detail?.requestSchema ?? local?.requestSchema?.document
        var properties = JSONObject([("credentialId", ["type": "string", "minLength": 1, "description": "The tenant's Alloy credential"])])
        var required: [JSONValue] = ["credentialId"]
        if let inner {
            properties["requestBody"] = inner
            required.append("requestBody")
        }
        let wrapped: JSONValue = ["type": "object", "required": .array(required), "properties": .object(properties), "additionalProperties": false]
        // A schema Switchboard cannot compile (keywords outside its subset) still lets the request
        // through, checked only for its outer shape.
        let schema = (try? JSONSchema(compiling: wrapped))
            ?? (try? JSONSchema(compiling: ["type": "object", "required": .array(required),
                                            "properties": ["credentialId": ["type": "string"], "requestBody": ["type": "object"]]]))
        let idPointer = JSONPointer(tokens: ["responseData"] + (local?.responseIdPointer?.tokens ?? ["id"]))
        let operation = local?.operation ?? Self.guessOperation(summary.id)
        return ActionSpec(id: summary.id, name: detail?.name ?? summary.name, description: detail?.description ?? summary.description,
                          method: "POST", path: "/connectors/\(alloyID)/actions/\(summary.id)/execute", pathParameters: [], query: [],
                          object: local?.object, operation: operation, requestSchema: schema, responseIdPointer: idPointer, batch: nil,
                          notes: detail.map { "Alloy runs \($0.method) \($0.path)" + ($0.pathParameters.isEmpty ? "" : " (path parameters: \($0.pathParameters.joined(separator: ", ")), not sent by push)") })
    }

    static func guessOperation(_ id: String) -> ActionOperation {
        for op in ActionOperation.allCases where id.lowercased().hasPrefix(op.rawValue) { return op }
        return .other
    }

    /// Alloy's error codes as error rules; messages come with their details (see ResponseClassifier).
    static let errorRules: [ErrorMappingSpec] = [
        rule(401, "INVALID_CREDENTIAL", .invalidCredential),
        ErrorMappingSpec(status: 401, whenPointer: nil, whenEquals: [], code: .invalidCredential, messagePointer: nil, example: nil),
        rule(nil, "RATE_LIMIT_EXCEEDED", .rateLimitExceeded),
        ErrorMappingSpec(status: 429, whenPointer: nil, whenEquals: [], code: .rateLimitExceeded, messagePointer: nil, example: nil),
        rule(nil, "VALIDATION_ERROR", .validationError),
        rule(nil, "CONFLICT", .conflict),
        rule(nil, "NOT_FOUND", .notFound),
        ErrorMappingSpec(status: nil, whenPointer: nil, whenEquals: [], code: .providerError, messagePointer: nil, example: nil),
    ]

    private static func rule(_ status: Int?, _ code: String, _ ours: ConnectorErrorCode) -> ErrorMappingSpec {
        ErrorMappingSpec(status: status, whenPointer: JSONPointer(tokens: ["error", "code"]), whenEquals: [code], code: ours, messagePointer: nil, example: nil)
    }

    /// The gateway mapping: `local`'s rules under `/requestBody`, and the credential as a constant.
    public static func mapping(_ local: FieldMapping, gateway: ConnectorManifest, actionID: String, credentialID: String?) -> FieldMapping {
        var rules = [MappingRule(target: JSONPointer(tokens: ["credentialId"]), source: .constant(.string(credentialID ?? notConnectedCredential)), direction: .push)]
        rules += local.rules.map { rule in
            var moved = rule
            moved.target = JSONPointer(tokens: ["requestBody"] + rule.target.tokens)
            return moved
        }
        return FieldMapping(connectorId: gateway.id, actionId: actionID, rules: rules)
    }

    /// The same gateway mapping with another credential (a run resumed after reconnecting).
    public static func rebind(_ mapping: FieldMapping, credentialID: String) -> FieldMapping {
        var copy = mapping
        copy.set(MappingRule(target: JSONPointer(tokens: ["credentialId"]), source: .constant(.string(credentialID)), direction: .push))
        return copy
    }
}
