import Crypto
import Foundation

/// Cryptographically random values (state, PKCE verifiers, ids).
enum Random {
    /// `count` random bytes from the system CSPRNG.
    static func bytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// `bytes` random bytes as lowercase hex.
    static func hex(bytes count: Int) -> String {
        bytes(count).map { String(format: "%02x", $0) }.joined()
    }

    /// `bytes` random bytes as unpadded base64url (RFC 4648 §5).
    static func base64URL(bytes count: Int) -> String {
        Base64URL.encode(bytes(count))
    }
}

/// Unpadded base64url, as PKCE and `state` use.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
