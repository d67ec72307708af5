import Foundation
import Testing
@testable import ZuimeiOutput

/// A signed manifest proves where a copy came from: edited checksums, another key or an
/// edited trusted comment all fail; the same checksums and key give the same bytes.
@Suite struct ManifestSignatureTests {
    static let sums = Data("0000000000000000000000000000000000000000000000000000000000000000  index.html\n".utf8)

    @Test func aSignatureVerifiesAndEveryChangeFails() throws {
        let pair = try ManifestSignature.newKey()
        let signature = try ManifestSignature.sign(Self.sums, secretKey: pair.secret, trustedComment: "timestamp:2021-11-20\tfile:SHA256SUMS")
        #expect(try ManifestSignature.verify(Self.sums, signature: signature, publicKey: pair.public).get() == "timestamp:2021-11-20\tfile:SHA256SUMS")
        // Deterministic: Ed25519 over the same bytes.
        #expect(try ManifestSignature.sign(Self.sums, secretKey: pair.secret, trustedComment: "timestamp:2021-11-20\tfile:SHA256SUMS") == signature)
        // Re-hashed checksums (a page and its line both edited).
        var edited = Self.sums
        edited[0] = UInt8(ascii: "1")
        #expect(throws: ManifestSignature.Failure.self) { try ManifestSignature.verify(edited, signature: signature, publicKey: pair.public).get() }
        // Another site's key.
        let other = try ManifestSignature.newKey()
        #expect(throws: ManifestSignature.Failure.self) { try ManifestSignature.verify(Self.sums, signature: signature, publicKey: other.public).get() }
        // The trusted comment changed after signing.
        let text = String(decoding: signature, as: UTF8.self).replacingOccurrences(of: "2021-11-20", with: "2099-01-01")
        #expect(throws: ManifestSignature.Failure.self) {
            try ManifestSignature.verify(Self.sums, signature: Data(text.utf8), publicKey: pair.public).get()
        }
        // Not a signature at all, and a public key given as the secret one.
        #expect(throws: ManifestSignature.Failure.self) { try ManifestSignature.verify(Self.sums, signature: Data("x".utf8), publicKey: pair.public).get() }
        #expect(throws: ManifestSignature.Failure.self) { try ManifestSignature.sign(Self.sums, secretKey: pair.public, trustedComment: "x") }
    }
}
