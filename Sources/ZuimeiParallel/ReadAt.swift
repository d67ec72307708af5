import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads up to `count` bytes of an open file from `offset` and appends them to `buffer`, going
/// on after a short read or an interrupted one: fewer bytes where the file ends sooner. False
/// on a read error (what was read stays appended). The one `pread` loop: a file's contents, a
/// video's boxes, the windows the private-data guard searches.
public func readAt(_ descriptor: Int32, offset: Int, count: Int, into buffer: inout Data) -> Bool {
    guard count > 0 else { return true }
    let before = buffer.count
    buffer.count += count
    var filled = 0
    let ok = buffer.withUnsafeMutableBytes { raw -> Bool in
        let base = raw.baseAddress! + before
        while filled < count {
            let got = pread(descriptor, base + filled, count - filled, off_t(offset + filled))
            if got < 0 {
                if errno == EINTR { continue }
                return false
            }
            if got == 0 { break }  // the file ended sooner than its size said
            filled += got
        }
        return true
    }
    buffer.count = before + filled
    return ok
}
