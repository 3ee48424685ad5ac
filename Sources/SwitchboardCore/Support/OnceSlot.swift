import Foundation

/// A value made the first time it is asked for and kept (a store, a key, a platform), behind one
/// lock; a failed attempt is not kept, so the next ask tries again.
final class OnceSlot<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    init(_ value: Value? = nil) { self.value = value }

    func get<E: Error>(_ make: () throws(E) -> Value) throws(E) -> Value {
        let result: Result<Value, E> = lock.withLock {
            if let value { return .success(value) }
            do throws(E) {
                let made = try make()
                value = made
                return .success(made)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
