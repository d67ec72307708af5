import Foundation

/// A value shared between threads, read and written only while its lock is held
/// (`withLock`). The one type in Zuimei that is `@unchecked Sendable` for a lock's sake: the
/// value is private, and `withLock` is the only way to it. (The standard library's `Mutex`
/// needs macOS 15; the package supports macOS 14.)
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock; keep it short (no file or CPU work inside).
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// The same, unless another thread holds the lock now: then nil, without waiting.
    public func withLockIfAvailable<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        return try body(&value)
    }
}
