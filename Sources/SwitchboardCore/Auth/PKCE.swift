import Crypto
import Foundation

/// A PKCE (RFC 7636) verifier and its S256 challenge.
public struct PKCE: Sendable, Equatable {
    /// The secret verifier: 43 unreserved characters (32 random bytes, base64url).
    public let verifier: String
    /// `BASE64URL(SHA256(verifier))`.
    public let challenge: String
    /// Always "S256": `plain` is never sent.
    public let method = "S256"

    /// A fresh random verifier.
    public init() { self.init(verifier: Random.base64URL(bytes: 32)) }

    /// The pair for a given verifier (tests use RFC 7636 Appendix B's).
    public init(verifier: String) {
        self.verifier = verifier
        self.challenge = Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
    }
}
