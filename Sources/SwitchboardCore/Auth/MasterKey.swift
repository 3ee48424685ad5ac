import Crypto
import Foundation

/// The 32-byte AES key that encrypts credentials at rest: from `SWITCHBOARD_MASTER_KEY` (base64),
/// else from the data folder's `master.key` (created 0600 with a random key on first use).
public struct MasterKey: Sendable {
    let key: SymmetricKey

    /// A key from 32 raw bytes.
    public init(bytes: some ContiguousBytes) throws(AuthError) {
        let key = SymmetricKey(data: bytes)
        guard key.bitCount == 256 else { throw .badMasterKey("the key must be 32 bytes, found \(key.bitCount / 8)") }
        self.key = key
    }

    /// A fresh random key (tests, first run).
    public static func random() -> MasterKey {
        // swiftlint:disable:next force_try
        try! MasterKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The key the environment or the key file provides; creates the key file if neither exists.
    public static func load(folder: DataFolder, environment: [String: String] = ProcessInfo.processInfo.environment) throws(AuthError) -> MasterKey {
        if let text = environment["SWITCHBOARD_MASTER_KEY"], !text.isEmpty {
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw .badMasterKey("SWITCHBOARD_MASTER_KEY is not valid base64 (make one with `head -c32 /dev/urandom | base64`)")
            }
            do { return try MasterKey(bytes: data) } catch {
                throw .badMasterKey("SWITCHBOARD_MASTER_KEY must decode to 32 bytes, found \(data.count)")
            }
        }
        let url = folder.keyFileURL
        if FileManager.default.fileExists(atPath: url.path) { return try read(url) }
        do { try folder.prepare() } catch { throw .badMasterKey(error.description) }
        let fresh = random()
        let text = fresh.key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        let fd = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return try read(url) }   // another process won the race
            throw .badMasterKey("cannot create the key file \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw .badMasterKey("cannot write the key file \(url.path): \(String(cString: strerror(errno)))")
        }
        return fresh
    }

    private static func read(_ url: URL) throws(AuthError) -> MasterKey {
        if let mode = DataFolder.mode(of: url.path), mode & 0o077 != 0 {
            throw .badMasterKey("the key file \(url.path) is readable by others (mode \(String(mode, radix: 8))); run `chmod 600 \(url.path)`")
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw .badMasterKey("the key file \(url.path) is damaged (expected 32 bytes in base64); restore it or set SWITCHBOARD_MASTER_KEY")
        }
        return try MasterKey(bytes: data)
    }

    /// Encrypts `plaintext` with AES-GCM, binding it to `context` (e.g. the credential id).
    func seal(_ plaintext: Data, context: String) throws(AuthError) -> Data {
        do {
            guard let combined = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8)).combined else {
                throw AuthError.cannotDecrypt("no combined representation")
            }
            return combined
        } catch {
            throw .cannotDecrypt("encryption failed: \(error)")
        }
    }

    /// Decrypts what `seal` produced for the same `context`.
    func unseal(_ sealed: Data, context: String) throws(AuthError) -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(context.utf8))
        } catch {
            throw .cannotDecrypt("the credential cannot be decrypted with this key (was SWITCHBOARD_MASTER_KEY or master.key changed?)")
        }
    }
}
