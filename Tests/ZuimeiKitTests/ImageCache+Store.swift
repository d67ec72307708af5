import Foundation
import Testing
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// The photo cache is shared by every story with the same photo, stored to from
/// several threads at once (the CI failure of stop 19: one story's renditions
/// looked for the photo while another story's store had unlinked it).
@Suite struct ImageCacheStoreTests {
    @Test func anEntryIsNeverMissingWhileItIsStoredAgain() throws {
        let root = NSTemporaryDirectory() + "zuimei-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/Content", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = ImageCache(content: root + "/Content")
        let path = cache.directory + "/entry.jpeg"
        let data = Data(repeating: 7, count: 4096)
        #expect(cache.store(data, at: path) == path)
        let done = Atomic(false)
        let writer = Thread {
            for _ in 0..<300 { _ = cache.store(data, at: path) }
            done.set(true)
        }
        writer.start()
        var missing = 0
        var looks = 0
        while !done.get() {
            var info = stat()
            if lstat(path, &info) != 0 { missing += 1 }
            looks += 1
        }
        #expect(missing == 0, "the entry was missing in \(missing) of \(looks) looks")
        #expect(FileManager.default.contents(atPath: path) == data)
    }

    @Test func aPlantedLinkIsReplacedNotWrittenThrough() throws {
        let root = NSTemporaryDirectory() + "zuimei-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/Content", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = ImageCache(content: root + "/Content")
        try FileManager.default.createDirectory(atPath: cache.directory, withIntermediateDirectories: true)
        let victim = root + "/victim.txt"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: victim))
        let path = cache.directory + "/entry.jpeg"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)
        #expect(cache.store(Data("photo".utf8), at: path) == path)
        #expect(FileManager.default.contents(atPath: victim) == Data("mine".utf8))
        var info = stat()
        #expect(lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG)
    }
}

/// A flag shared between two threads.
private final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Bool
    init(_ value: Bool) { self.value = value }
    func get() -> Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ new: Bool) { lock.lock(); value = new; lock.unlock() }
}
