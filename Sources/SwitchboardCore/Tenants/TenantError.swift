/// Why a tenant operation failed, in words for the person at the keyboard.
public enum TenantError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case duplicateName(String)
    case duplicateExternalID(String, usedBy: String)
    case notFound(String)
    case hasData(String, credentials: Int)
    case store(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "invalid tenant name \"\(name)\": use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        case .duplicateName(let name):
            return "a tenant named \"\(name)\" already exists; pick another name or use `tenants show \(name)`"
        case .duplicateExternalID(let id, let other):
            return "external id \"\(id)\" already belongs to tenant \"\(other)\""
        case .notFound(let name):
            return "no tenant named \"\(name)\"; `switchboard tenants list` shows them"
        case .hasData(let name, let credentials):
            return "tenant \"\(name)\" still has \(credentials) credential\(credentials == 1 ? "" : "s"); use `tenants delete \(name) --purge` to delete it with all its data"
        case .store(let reason):
            return reason
        }
    }
}
