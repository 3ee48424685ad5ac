import Foundation

/// A mapping document on disk (`mapping set`, `--mapping FILE`): read, parsed and checked for a
/// connector's action, every problem with the file and its JSON path.
public enum MappingDocument {
    public static func load(_ path: String, connector: String, action: String) throws(WorkspaceError) -> FieldMapping {
        guard let data = FileManager.default.contents(atPath: path) else { throw WorkspaceError("\(path): cannot read the file") }
        let value: JSONValue
        do { value = try JSONParser.parse(data) } catch { throw WorkspaceError("\(path): \(error.description)") }
        switch FieldMappingCodec.decode(value, connectorId: connector, actionId: action) {
        case .success(let mapping): return mapping
        case .failure(let problems):
            throw WorkspaceError(problems.list.map { "\(path): \($0.description)" }.joined(separator: "\n"), namesPlace: true)
        }
    }
}
