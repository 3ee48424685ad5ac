/// The `PlatformError`s the Alloy platform raises, with Alloy's name and the commands that fix them.
enum AlloyErrors {
    static let platform = "Alloy"

    static let noAPIKey = PlatformError.noAPIKey(
        platform: platform, hint: "set SWITCHBOARD_ALLOY_API_KEY or run `switchboard alloy login` (reads the key from standard input)")

    static func apiKeyRefused(_ message: String) -> PlatformError {
        .apiKeyRefused(platform: platform, message: message,
                       hint: "check it in the Alloy Dashboard → Settings → API Keys and run `switchboard alloy login` again")
    }

    static func invalidCredential(_ message: String, details: String?) -> PlatformError {
        .invalidCredential(message: message, details: details, reconnect: "`switchboard auth login CONNECTOR --tenant T --platform alloy --force`")
    }

    static func api(status: Int, code: String, message: String) -> PlatformError { .api(platform: platform, status: status, code: code, message: message) }
    static func transport(_ message: String) -> PlatformError { .transport(platform: platform, message: message) }
    static func badResponse(_ message: String) -> PlatformError { .badResponse(platform: platform, message: message) }
    static func authorizationFailed(_ message: String) -> PlatformError { .authorizationFailed(platform: platform, message: message) }

    static func noUser(tenant: String) -> PlatformError {
        .noUser(platform: platform, tenant: tenant, hint: "run `switchboard alloy users create --tenant \(tenant)`")
    }

    static func noCredential(tenant: String, connector: String) -> PlatformError {
        .noCredential(tenant: tenant, connector: connector, hint: "connect with `switchboard auth login \(connector) --tenant \(tenant) --platform alloy`")
    }
}
