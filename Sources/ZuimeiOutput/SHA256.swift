import CCrypto
import Foundation

/// SHA-256 with OpenSSL's libcrypto (EVP interface).
enum SHA256 {
    /// The digest of `data`, as 64 lowercase hexadecimal digits.
    static func hex(_ data: Data) -> String {
        data.withUnsafeBytes { raw in hex(of: [raw]) }
    }

    /// The digest of a regular file, read in 1 MiB pieces; nil if it cannot be read or is
    /// not a regular file (a FIFO put in a mirror would block an ordinary read forever), or,
    /// unless `followingLinks`, a symbolic link.
    static func hex(ofFile path: String, followingLinks: Bool = true) -> String? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            let ok = buffer.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, count) }
            guard ok == 1 else { return nil }
        }
        return finish(context)
    }

    private static func hex(of buffers: [UnsafeRawBufferPointer]) -> String {
        guard let context = EVP_MD_CTX_new() else { return "" }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { return "" }
        for buffer in buffers { _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count) }
        return finish(context) ?? ""
    }

    fileprivate static func finish(_ context: OpaquePointer) -> String? {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { return nil }
        let hexDigits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(Int(length) * 2)
        for byte in digest.prefix(Int(length)) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// SHA-256 fed piece by piece: the digest of bytes as they are read, without reading them
/// again (the private-data guard hashes exactly the bytes it searches, in the same reads).
public final class SHA256Stream: @unchecked Sendable {
    private let context: OpaquePointer?
    private var ok: Bool

    public init() {
        context = EVP_MD_CTX_new()
        ok = context.map { EVP_DigestInit_ex($0, EVP_sha256(), nil) == 1 } ?? false
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard ok, let context, bytes.count > 0 else { return }
        ok = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1
    }

    /// The digest of everything given, as 64 lowercase hexadecimal digits; nil if hashing failed.
    /// Called once.
    public func finish() -> String? {
        guard ok, let context else { return nil }
        ok = false
        return SHA256.finish(context)
    }
}

/// The SHA-256 of `data` as 64 lowercase hexadecimal digits.
public func sha256Hex(_ data: Data) -> String { SHA256.hex(data) }

/// The SHA-256 of a file, read in 1 MiB pieces (a video is never in memory whole); nil if it cannot be read.
public func sha256Hex(ofFile path: String) -> String? { SHA256.hex(ofFile: path) }
