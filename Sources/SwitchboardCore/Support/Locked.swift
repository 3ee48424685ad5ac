import Foundation

/// A value guarded by a lock: the one lock style of the project (`NSLock` with `withLock`), for
/// state shared between tasks and threads (listeners, one-shot results, the sandbox's handlers).
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&value) }
    }
}
