/// The result of loading the catalog: the connectors that loaded, and every problem with the files that did not.
public struct CatalogLoad: Sendable {
    public var catalog: ConnectorCatalog
    public var problems: [ManifestProblem]

    /// Makes a load result.
    public init(catalog: ConnectorCatalog, problems: [ManifestProblem]) {
        self.catalog = catalog
        self.problems = problems
    }
}
