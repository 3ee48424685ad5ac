import Foundation

/// One step of the OAuth walk-through, as it happens (the CLI prints them, the console lists them).
public enum OAuthFlowEvent: Sendable, Equatable {
    /// A usable credential already exists (the caller may offer to reuse it instead).
    case existingCredential(Credential)
    /// The loopback listener is up.
    case listening(redirectURI: String, port: Int)
    /// No listener (paste mode where the redirect cannot be served locally).
    case listenerSkipped(reason: String)
    /// The URL to open, whole.
    case authorizationURL(String)
    /// `xdg-open` was started.
    case browserOpened
    /// The browser was not opened, and why.
    case browserNotOpened(reason: String)
    /// Waiting for the callback until `deadline`.
    case waiting(deadline: Date)
    /// A request to the listener was refused (wrong path/method, oversized, idle, second callback).
    case notice(String)
    /// The authorization response arrived ("browser" or "pasted URL").
    case callbackReceived(via: String)
    /// Exchanging the code at the token endpoint.
    case exchangingCode(tokenURL: String)
    /// Done: the stored credential.
    case stored(Credential)
    /// The walk-through ended without a credential.
    case failed(AuthError)

    /// A one-line description for logs and the CLI (never holds secrets).
    public var line: String {
        switch self {
        case .existingCredential(let c): return "Found an existing credential \(c.id) (\(c.tokenHint))"
        case .listening(let uri, _): return "Listening for the callback on \(uri)"
        case .listenerSkipped(let reason): return "No loopback listener: \(reason)"
        case .authorizationURL(let url): return "Open this URL to authorize:\n\(url)"
        case .browserOpened: return "Opened the browser"
        case .browserNotOpened(let reason): return "Browser not opened (\(reason)); open the URL yourself"
        case .waiting(let deadline): return "Waiting for the callback until \(ISO8601DateFormatter().string(from: deadline))"
        case .notice(let text): return text
        case .callbackReceived(let via): return "Received the authorization response (\(via))"
        case .exchangingCode(let url): return "Exchanging the code at \(url)"
        case .stored(let c): return "Stored credential \(c.id)"
        case .failed(let error): return "Failed: \(error.description)"
        }
    }
}
