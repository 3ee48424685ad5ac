/// The categories a connector may list; a manifest naming any other category is rejected.
public enum ConnectorCategory {
    /// Every known category id, e.g. `crm` (any CRM) and `sales-crm` (pipeline-first CRMs).
    public static let known: [String] = ["crm", "sales-crm", "marketing", "support", "erp", "accounting"]
}
