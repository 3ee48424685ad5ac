/// The Alloy Connectivity API's connector ids and the built-in manifests they correspond to.
///
/// Alloy names Salesforce `salesforceCRM` and Zoho `zohoCRM`; Switchboard's manifests are
/// `salesforce` and `zoho-crm`. The table lets either side find the other's id, so the mapping
/// defaults and tenant mappings of a built-in connector apply to the same CRM reached through Alloy.
public enum AlloyConnectorID {
    /// Alloy id → built-in manifest id.
    public static let manifestIDs: [String: String] = [
        "hubspot": "hubspot",
        "salesforceCRM": "salesforce",
        "copper": "copper",
        "pipedrive": "pipedrive",
        "zohoCRM": "zoho-crm",
    ]

    /// The manifest id for an Alloy connector id, when Switchboard has a manifest for it.
    public static func manifestID(forAlloy id: String) -> String? { manifestIDs[id] }

    /// The Alloy connector id for a manifest id (the manifest id itself when the table has no entry).
    public static func alloyID(forManifest id: String) -> String {
        manifestIDs.first { $0.value == id }?.key ?? id
    }

    /// The Alloy id for what a user typed: an Alloy id as is, a manifest id translated.
    public static func resolve(_ typed: String) -> String {
        manifestIDs[typed] != nil ? typed : alloyID(forManifest: typed)
    }
}
