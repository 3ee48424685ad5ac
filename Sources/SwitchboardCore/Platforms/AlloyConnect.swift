import Foundation

/// Connecting a tenant's CRM through Alloy: a loopback listener for the redirect, `POST
/// /connectors/{id}/credentials` with `authenticationType: oauth2` and the listener's
/// `redirectUri`, the `oauthUrl` handed to the caller (printed, opened), the redirect's `success`
/// parameter awaited, and the new credential found by listing the credentials again.
public enum AlloyConnect {
    /// Runs the whole connection; `onURL` receives the `oauthUrl` as soon as Alloy gives it.
    public static func run(platform: AlloyPlatform, tenant: Tenant, connector: String, timeout: TimeInterval = 300, port: Int = 0,
                           onURL: @escaping @Sendable (String) -> Void) async throws(PlatformError) -> PlatformCredential {
        let listener: LoopbackListener
        do {
            listener = try await LoopbackListener.start(port: port, path: "/callback", mode: .query, validate: { parameters in
                let success = parameters.first { $0.0 == "success" }?.1
                if success == "true" { return .success(FormEncoding.encode(parameters)) }
                let error = parameters.first { $0.0 == "error" }?.1 ?? (success == nil ? "no success parameter" : "success=\(success!)")
                return .failure(.providerDenied(error: error, description: "Alloy did not create the credential"))
            })
        } catch {
            throw AlloyErrors.authorizationFailed(error.description)
        }
        let start: AuthorizationStart
        do throws(PlatformError) {
            start = try await platform.beginAuthorization(tenant: tenant, connector: connector, redirectURI: listener.redirectURI)
        } catch {
            await listener.close()
            throw error
        }
        onURL(start.url)
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            listener.finish(.failure(.timedOut(seconds: Int(timeout))))
        }
        let outcome = await listener.outcome()
        timer.cancel()
        await listener.close()
        switch outcome {
        case .failure(.providerDenied(let error, _)): throw AlloyErrors.authorizationFailed("Alloy redirected back with success=false (\(error)); no credential was created")
        case .failure(let error): throw AlloyErrors.authorizationFailed(error.description)
        case .success(let query):
            return try await platform.completeAuthorization(tenant: tenant, connector: connector, start: start, callback: FormEncoding.decode(query))
        }
    }
}
