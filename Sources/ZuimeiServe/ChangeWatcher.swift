import Foundation
import ZuimeiParallel
#if canImport(Glibc)
import Glibc
#endif

/// Wakes the preview server as soon as something below the content directory
/// changes (Linux inotify), instead of at the next look every `interval`. It
/// only says *when* to look: what changed is still decided by comparing the
/// content's stat fingerprint, so an event it misses (a watch limit reached, a
/// directory made and filled between two reads) costs time, never a rebuild.
final class ChangeWatcher: Sendable {
    #if os(Linux)
    private let descriptor: Int32
    /// The watched directories by watch descriptor; held while events are read.
    private let watched = Locked([Int32: String]())

    /// Nil where inotify is not available; the server then looks every `interval`.
    init?(root: String) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        watched.withLock { add(root, to: &$0) }
    }

    deinit { close(descriptor) }

    private static let mask: UInt32 = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE
                                             | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watches a directory and every directory below it (symbolic links are not followed).
    private func add(_ directory: String, to watched: inout [Int32: String]) {
        let handle = inotify_add_watch(descriptor, directory, Self.mask | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW))
        guard handle >= 0 else { return }
        watched[handle] = directory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            var info = stat()
            let path = directory + "/" + name
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { add(path, to: &watched) }
        }
    }

    /// Blocks until something changes or `timeout` milliseconds pass; true if something changed.
    func wait(timeout milliseconds: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, milliseconds) > 0 else { return false }
        drain()
        return true
    }

    /// Reads every pending event; a new directory is watched too.
    private func drain() {
        watched.withLock { drain(watching: &$0) }
    }

    private func drain(watching watched: inout [Int32: String]) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (handle, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
                   let parent = watched[handle], length > 0 {
                    let bytes = buffer[nameStart..<min(nameStart + length, count)].prefix { $0 != 0 }
                    add(parent + "/" + String(decoding: bytes, as: UTF8.self), to: &watched)
                }
                if mask & UInt32(IN_IGNORED) != 0 { watched[handle] = nil }
                offset = nameStart + length
            }
        }
    }
    #else
    init?(root: String) { return nil }
    func wait(timeout milliseconds: Int32) -> Bool { false }
    #endif
}
