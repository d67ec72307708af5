import Dispatch
import Foundation

/// How many threads the per-item stages use: `--jobs`, else every core.
public enum Parallelism {
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
    /// The most threads `--jobs` may ask for: more would only queue, and a huge number
    /// overflowed the chunk arithmetic (issue 17).
    public static let maximumJobs = 1024
}

/// Maps `items` on up to `jobs` threads and returns the results in the order of
/// `items`, so the output never depends on which thread finished first.
///
/// Work is handed out in chunks of consecutive items; each chunk's results are
/// stored once, under a lock, into their own slots.
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
    guard jobs > 1, items.count > 1 else { return items.map(transform) }
    let chunkSize = max(1, min(64, items.count / (jobs * 4)))
    let chunks = (items.count + chunkSize - 1) / chunkSize
    let results = ResultSlots<R>(count: items.count)
    let next = ChunkCounter()
    DispatchQueue.concurrentPerform(iterations: min(jobs, chunks)) { _ in
        while let chunk = next.take(below: chunks) {
            let range = (chunk * chunkSize)..<min(items.count, (chunk + 1) * chunkSize)
            results.store(range.map { transform(items[$0]) }, at: range.lowerBound)
        }
    }
    return results.values()
}

/// Result slots filled by several threads; every access holds the lock.
private final class ResultSlots<R: Sendable>: Sendable {
    private let slots: Locked<[R?]>

    init(count: Int) { slots = Locked(Array(repeating: nil, count: count)) }

    func store(_ values: [R], at start: Int) {
        slots.withLock { slots in
            for (offset, value) in values.enumerated() { slots[start + offset] = value }
        }
    }

    func values() -> [R] { slots.withLock { $0.map { $0! } } }
}

/// Hands out chunk numbers 0, 1, 2, … to whichever thread asks next.
private final class ChunkCounter: Sendable {
    private let next = Locked(0)

    func take(below limit: Int) -> Int? {
        next.withLock { next in
            guard next < limit else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
