import Foundation

/// Validates manifest files on their own, for `switchboard connectors validate FILE...`.
public enum ManifestValidator {
    /// Validates the file at `url`. A file whose id names a built-in connector is treated as an
    /// override: it is merged over the built-in first, so partial overrides validate cleanly.
    public static func validate(fileAt url: URL) -> (manifest: ConnectorManifest?, problems: [ManifestProblem]) {
        validate(fileAt: url, builtIns: ConnectorCatalog.builtInDocuments)
    }

    /// Validates the file at `url` against the given built-in documents (keyed by connector id).
    public static func validate(fileAt url: URL, builtIns: [String: JSONValue]) -> (manifest: ConnectorManifest?, problems: [ManifestProblem]) {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return (nil, [ManifestProblem(file: file, pointer: .root, message: "cannot read the file (missing or not readable)")])
        }
        return validate(data: data, file: file, source: .user(path: file), builtIns: builtIns)
    }

    /// Validates manifest `data` named `file`; overrides of `builtIns` are merged first.
    public static func validate(data: Data, file: String, source: ManifestSource,
                                builtIns: [String: JSONValue] = [:]) -> (manifest: ConnectorManifest?, problems: [ManifestProblem]) {
        switch ManifestDecoder.parse(data, file: file) {
        case .failure(let problem):
            return (nil, [problem])
        case .success(let document):
            if let id = document["id"]?.stringValue, let base = builtIns[id] {
                return ManifestDecoder.decode(ManifestMerger.merge(base, document), file: file, source: source, overridesBuiltIn: true)
            }
            return ManifestDecoder.decode(document, file: file, source: source)
        }
    }
}
