import GRDB

extension DatabasePool {
    /// A write transaction whose failure comes back as a `StoreError`.
    func storeWrite<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try write(body) } catch { throw .database(String(describing: error)) }
    }

    /// A read whose failure comes back as a `StoreError`.
    func storeRead<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try read(body) } catch { throw .database(String(describing: error)) }
    }
}
