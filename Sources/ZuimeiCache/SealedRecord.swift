import Foundation
import ZuimeiOutput

/// A record file of the cache as text, sealed: its last line is `end <sha256>` over every byte
/// before it, so a file cut short or changed in any byte is told from a whole one and not
/// believed (`SearchRecordFile`, `PageRecordFile`).
public enum SealedRecord {
    private static let endLength = 4 + 64 + 1  // "end " + digest + line break

    public static func seal(_ body: String) -> String { body + "end " + sha256Hex(Data(body.utf8)) + "\n" }

    /// The text before the seal, when the seal is whole and matches it.
    public static func unseal(_ data: Data) -> String? {
        let bytes = [UInt8](data)
        guard bytes.count >= endLength, bytes.last == 0x0A else { return nil }
        let endLine = bytes.count - endLength
        guard bytes[endLine...].starts(with: Array("end ".utf8)), endLine == 0 || bytes[endLine - 1] == 0x0A,
              sha256Hex(Data(bytes[..<endLine])) == String(decoding: bytes[(endLine + 4)..<(bytes.count - 1)], as: UTF8.self)
        else { return nil }
        return String(validating: bytes[..<endLine], as: UTF8.self)
    }
}
