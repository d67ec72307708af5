import CCrypto
import Foundation

/// Signed manifests: a site's `SHA256SUMS` signed with the site's Ed25519 key, in minisign's
/// format (`SHA256SUMS.minisig`), so a mirror proves where its copy came from with
/// `zuimei verify --key site.pub DIR` or Debian's `minisign -Vm SHA256SUMS -p site.pub`.
/// A copy whose pages and checksums were both edited then fails: only the key's holder can
/// sign new checksums. Through OpenSSL's libcrypto (Ed25519, BLAKE2b-512), which the
/// project links already.
public enum ManifestSignature {
    public static let fileName = "SHA256SUMS.minisig"

    public struct Failure: Error, Equatable, Sendable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// A new key pair: the secret key file's text (Zuimei's own: keep it outside `Content/`,
    /// never publish it) and the public key file's text (minisign's format).
    public static func newKey() throws(Failure) -> (secret: String, public: String) {
        var seed = [UInt8](repeating: 0, count: 32)
        var keyID = [UInt8](repeating: 0, count: 8)
        guard RAND_bytes(&seed, 32) == 1, RAND_bytes(&keyID, 8) == 1 else { throw Failure("no random bytes") }
        let publicKey = try self.publicKey(seed: seed)
        let id = hex(keyID.reversed())
        let secret = "untrusted comment: zuimei secret key \(id): keep it outside Content/ and never publish it\n"
            + Data([UInt8]("ZS".utf8) + keyID + seed).base64EncodedString() + "\n"
        let pub = "untrusted comment: minisign public key \(id)\n" + Data([UInt8]("Ed".utf8) + keyID + publicKey).base64EncodedString() + "\n"
        return (secret, pub)
    }

    /// `SHA256SUMS.minisig` for `manifest`: BLAKE2b-512 of it signed ("ED", as minisign does),
    /// and the trusted comment signed with the signature.
    public static func sign(_ manifest: Data, secretKey text: String, trustedComment: String) throws(Failure) -> Data {
        let (keyID, seed) = try secretKey(text)
        let digest = try blake2b512(manifest)
        let signature = try ed25519Sign(digest, seed: seed)
        guard !trustedComment.contains("\n") else { throw Failure("a trusted comment is one line") }
        let global = try ed25519Sign(signature + [UInt8](trustedComment.utf8), seed: seed)
        let text = "untrusted comment: signature from zuimei secret key \(hex(keyID.reversed()))\n"
            + Data([UInt8]("ED".utf8) + keyID + signature).base64EncodedString() + "\n"
            + "trusted comment: \(trustedComment)\n" + Data(global).base64EncodedString() + "\n"
        return Data(text.utf8)
    }

    /// Checks `signature` (a minisig file) of `manifest` with a minisign public key; the
    /// trusted comment when it holds.
    public static func verify(_ manifest: Data, signature: Data, publicKey text: String) -> Result<String, Failure> {
        guard let keyLine = text.split(separator: "\n").last(where: { !$0.hasPrefix("untrusted comment:") }),
              let key = Data(base64Encoded: String(keyLine.trimmingCharacters(in: .whitespaces))), key.count == 42,
              key.prefix(2) == Data("Ed".utf8) else {
            return .failure(Failure("the public key is not a minisign public key"))
        }
        guard case let (first, comment, global)? = parts(of: signature) else {
            return .failure(Failure("\(fileName) is not a minisign signature"))
        }
        let algorithm = String(decoding: first.prefix(2), as: UTF8.self)
        guard first[2..<10] == key[2..<10] else { return .failure(Failure("\(fileName) was made with another key")) }
        let publicKey = [UInt8](key[10..<42]), sig = [UInt8](first[10..<74])
        let message: [UInt8]
        switch algorithm {
        case "ED":
            guard let digest = try? blake2b512(manifest) else { return .failure(Failure("BLAKE2b is not available")) }
            message = digest
        case "Ed": message = [UInt8](manifest)
        default: return .failure(Failure("\(fileName) uses an unknown algorithm"))
        }
        guard ed25519Verify(sig, message: message, publicKey: publicKey) else {
            return .failure(Failure("the signature does not match SHA256SUMS: the copy's checksums are not the ones the key's holder signed"))
        }
        guard ed25519Verify([UInt8](global), message: sig + [UInt8](comment.utf8), publicKey: publicKey) else {
            return .failure(Failure("the trusted comment was changed after signing"))
        }
        return .success(comment)
    }

    /// Whether `signature` has the form of a minisign signature (its lines, their lengths): what
    /// `zuimei verify` can say of a copy's `SHA256SUMS.minisig` without the site's public key.
    public static func isWellFormed(_ signature: Data) -> Bool { parts(of: signature) != nil }

    /// The key id and seed of a secret key file's text (`zuimei key new`), or why it is not one.
    public static func secretKey(_ text: String) throws(Failure) -> (keyID: [UInt8], seed: [UInt8]) {
        guard let line = text.split(separator: "\n").last(where: { !$0.hasPrefix("untrusted comment:") }),
              let bytes = Data(base64Encoded: String(line)), bytes.count == 42, bytes.prefix(2) == Data("ZS".utf8) else {
            throw Failure("not a Zuimei secret key (made by zuimei key new)")
        }
        return ([UInt8](bytes[2..<10]), [UInt8](bytes[10..<42]))
    }

    /// A minisig file's signature line (algorithm, key id, signature), trusted comment and global signature.
    static func parts(of signature: Data) -> (first: Data, comment: String, global: Data)? {
        let lines = String(decoding: signature, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines[0].hasPrefix("untrusted comment:"), let first = Data(base64Encoded: String(lines[1])),
              first.count == 74, lines[2].hasPrefix("trusted comment: "), let global = Data(base64Encoded: String(lines[3])),
              global.count == 64 else { return nil }
        return (first, String(lines[2].dropFirst("trusted comment: ".count)), global)
    }

    // MARK: libcrypto

    static func publicKey(seed: [UInt8]) throws(Failure) -> [UInt8] {
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else { throw Failure("Ed25519 is not available") }
        defer { EVP_PKEY_free(key) }
        var length = 32
        var result = [UInt8](repeating: 0, count: 32)
        guard EVP_PKEY_get_raw_public_key(key, &result, &length) == 1, length == 32 else { throw Failure("Ed25519 failed") }
        return result
    }

    static func ed25519Sign(_ message: [UInt8], seed: [UInt8]) throws(Failure) -> [UInt8] {
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else { throw Failure("Ed25519 is not available") }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { throw Failure("Ed25519 failed") }
        defer { EVP_MD_CTX_free(context) }
        var length = 64
        var signature = [UInt8](repeating: 0, count: 64)
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1,
              EVP_DigestSign(context, &signature, &length, message, message.count) == 1, length == 64 else {
            throw Failure("Ed25519 signing failed")
        }
        return signature
    }

    static func ed25519Verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, 32) else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        return EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
            && EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }

    static func blake2b512(_ data: Data) throws(Failure) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_blake2b512(), nil) }
        guard ok == 1, length == 64 else { throw Failure("BLAKE2b-512 failed") }
        return digest
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02X", $0) }.joined() }
}
