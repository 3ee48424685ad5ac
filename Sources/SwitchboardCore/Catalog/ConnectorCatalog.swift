import Foundation

/// Every connector Switchboard knows: the built-in manifests plus the user's own and overrides.
public struct ConnectorCatalog: Sendable {
    /// The connectors, sorted by name.
    public var connectors: [ConnectorManifest]

    /// A catalog of `connectors` (sorted by name, then id).
    public init(connectors: [ConnectorManifest]) {
        self.connectors = connectors.sorted {
            let a = $0.name.lowercased(), b = $1.name.lowercased()
            return a != b ? a < b : $0.id < $1.id
        }
    }

    /// The connector with `id`.
    public func connector(id: String) -> ConnectorManifest? { connectors.first { $0.id == id } }

    /// The connectors that list `category`.
    public func connectors(inCategory category: String) -> [ConnectorManifest] {
        connectors.filter { $0.categories.contains(category) }
    }

    /// Every category any connector lists, sorted.
    public var categories: [String] { Array(Set(connectors.flatMap(\.categories))).sorted() }

    // MARK: - Loading

    /// Loads the built-in manifests, then every `*.json` in each user directory, in order. A user
    /// manifest with a built-in's id overrides it (merged over it, so it may be partial); a second
    /// user manifest with an id already defined by a user file is a problem. Never throws: bad files
    /// are skipped and reported, and a missing directory simply adds nothing.
    public static func load(userDirectories: [URL] = ConnectorCatalog.defaultUserDirectories(), includeBuiltIns: Bool = true) -> CatalogLoad {
        var problems: [ManifestProblem] = []
        var manifests: [String: ConnectorManifest] = [:]
        var order: [String] = []
        var builtInDocs: [String: JSONValue] = [:]
        var userFiles: [String: String] = [:]

        if includeBuiltIns {
            for url in builtInManifestFiles() {
                let file = url.lastPathComponent
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    problems.append(ManifestProblem(file: file, pointer: .root, message: "cannot read the built-in manifest"))
                    continue
                }
                let result = ManifestValidator.validate(data: data, file: file, source: .builtIn)
                problems += result.problems
                guard let m = result.manifest else { continue }
                if m.id + ".json" != file {
                    problems.append(ManifestProblem(file: file, pointer: JSONPointer(tokens: ["id"]), message: "id \"\(m.id)\" does not match the file name"))
                }
                if manifests[m.id] == nil { order.append(m.id) }
                manifests[m.id] = m
                builtInDocs[m.id] = m.document
            }
        }

        for directory in userDirectories {
            for url in manifestFiles(in: directory) {
                let file = url.path
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    problems.append(ManifestProblem(file: file, pointer: .root, message: "cannot read the file (missing or not readable)"))
                    continue
                }
                if case .success(let doc) = ManifestDecoder.parse(data, file: file), let id = doc["id"]?.stringValue, let first = userFiles[id] {
                    problems.append(ManifestProblem(file: file, pointer: JSONPointer(tokens: ["id"]),
                                                    message: "connector \"\(id)\" is already defined by \(first); file skipped"))
                    continue
                }
                let result = ManifestValidator.validate(data: data, file: file, source: .user(path: file), builtIns: builtInDocs)
                problems += result.problems
                guard let m = result.manifest else { continue }
                userFiles[m.id] = file
                if manifests[m.id] == nil { order.append(m.id) }
                manifests[m.id] = m
            }
        }
        return CatalogLoad(catalog: ConnectorCatalog(connectors: order.compactMap { manifests[$0] }), problems: problems)
    }

    /// The user connector folders: `$XDG_CONFIG_HOME/switchboard/connectors`, by default
    /// `~/.config/switchboard/connectors`.
    public static func defaultUserDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        let base: URL
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".config", isDirectory: true)
        }
        return [base.appendingPathComponent("switchboard", isDirectory: true).appendingPathComponent("connectors", isDirectory: true)]
    }

    /// The bundled manifest files, sorted by name.
    public static func builtInManifestFiles() -> [URL] {
        guard let directory = Bundle.module.url(forResource: "connectors", withExtension: nil) else { return [] }
        return manifestFiles(in: directory)
    }

    /// The built-in manifest documents by connector id (only those that parse), for validating overrides.
    static let builtInDocuments: [String: JSONValue] = {
        var out: [String: JSONValue] = [:]
        for url in builtInManifestFiles() {
            guard let data = FileManager.default.contents(atPath: url.path), let doc = try? JSONParser.parse(data),
                  let id = doc["id"]?.stringValue else { continue }
            out[id] = doc
        }
        return out
    }()

    /// The `*.json` files directly inside `directory`, sorted by name; none when it does not exist.
    static func manifestFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }
}
