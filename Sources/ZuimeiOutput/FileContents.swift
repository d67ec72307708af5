import Foundation
import ZuimeiParallel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading a file whole came to.
public enum FileContents: Sendable, Equatable {
    case bytes(Data)
    /// A regular file larger than the limit: not read.
    case tooLarge(size: Int)
    /// Not there, not a regular file (a FIFO, a device, a directory, or a link when links are
    /// not followed), or an error while reading.
    case unreadable
}

/// A regular file's bytes, read whole through one descriptor (what `fstat` vouches for is
/// what is read), up to its size when it was opened; never a FIFO or a device, which could
/// block. Reads nothing from a file larger than `limit`, nor from one whose status `accept`
/// refuses (a cache entry another user could have written).
public func fileContents(_ path: String, limit: Int = .max, followingLinks: Bool = true,
                         accept: ((stat) -> Bool)? = nil) -> FileContents {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
    guard descriptor >= 0 else { return .unreadable }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, accept?(info) ?? true else { return .unreadable }
    let size = Int(info.st_size)
    guard size <= limit else { return .tooLarge(size: size) }
    return readWhole(descriptor, size: size).map(FileContents.bytes) ?? .unreadable
}

/// The `size` bytes of an open file from its start, fewer where it ended sooner; nil on a read error.
func readWhole(_ descriptor: Int32, size: Int) -> Data? {
    var data = Data()
    return readAt(descriptor, offset: 0, count: size, into: &data) ? data : nil
}
