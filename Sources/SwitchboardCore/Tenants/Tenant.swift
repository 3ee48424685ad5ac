import Foundation

/// A customer whose CRMs Switchboard connects: a unique name and an optional id from another system.
public struct Tenant: Sendable, Equatable, Hashable {
    /// The database id.
    public var id: Int64
    /// The unique name (compared without case), e.g. "acme".
    public var name: String
    /// The tenant's id in the caller's own system, if given.
    public var externalID: String?
    /// When it was created.
    public var createdAt: Date

    /// A tenant value.
    public init(id: Int64, name: String, externalID: String?, createdAt: Date) {
        self.id = id
        self.name = name
        self.externalID = externalID
        self.createdAt = createdAt
    }

    /// Checks a proposed tenant name: 1–64 letters, digits, `.`, `_` or `-`, starting with a letter or digit.
    public static func validate(name: String) throws(TenantError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber,
              name.count <= 64, name.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidName(name)
        }
    }
}
