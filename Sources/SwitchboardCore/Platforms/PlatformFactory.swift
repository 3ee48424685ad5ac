import Foundation

/// Makes a workspace's platform of a kind, and tells which platform a journalled connector id
/// belongs to. The only place that branches on the platform kind: a new platform is a new case here
/// and one type behind `ConnectorPlatform`.
enum PlatformFactory {
    static func make(_ kind: PlatformKind, in workspace: Workspace) throws(WorkspaceError) -> any ConnectorPlatform {
        switch kind {
        case .direct: return DirectPlatform(catalog: workspace.catalog, services: workspace.directServices)
        case .alloy: return try workspace.alloy().platform
        }
    }

    /// Why sync cannot run through a platform of `kind` (nil: it can); known without making the platform.
    static func syncRefusal(_ kind: PlatformKind) -> String? {
        switch kind {
        case .direct: return nil
        case .alloy: return AlloyPlatform.syncRefusalMessage
        }
    }

    /// Why `auth login`'s direct-only options cannot be used on a platform of `kind` (nil: they can).
    static func loginOptionsRefusal(_ kind: PlatformKind) -> String? {
        switch kind {
        case .direct: return nil
        case .alloy: return "--api-key-stdin, --paste, --port and --region are for direct logins; through Alloy, Alloy runs the OAuth flow"
        }
    }

    /// Alloy's gateway ids (`alloy:hubspot`) are Alloy's; every other id is a manifest's.
    static func kind(servingConnectorID id: String) -> PlatformKind {
        AlloyGateway.alloyID(fromGateway: id) != nil ? .alloy : .direct
    }
}

extension Workspace {
    /// What the direct platform reaches: the credential store and token provider, opened when first needed.
    var directServices: DirectPlatform.Services {
        DirectPlatform.Services(
            // Weak: the workspace holds its platforms, which hold these.
            credentials: { [weak self] () throws(PlatformError) -> CredentialStore in
                guard let self else { throw .store("the workspace is closed") }
                do throws(WorkspaceError) { return try self.credentials() } catch { throw .store(error.message) }
            },
            provider: { [weak self] () throws(PlatformError) -> CredentialProvider in
                guard let self else { throw .store("the workspace is closed") }
                do throws(WorkspaceError) { return try self.credentialProvider() } catch { throw .store(error.message) }
            },
            appCredentials: appCredentialResolver, transport: configuration.transport)
    }
}
