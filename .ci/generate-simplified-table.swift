// Writes Sources/ZuimeiPrivacy/Fold+Simplified.swift: each traditional character of
// U+3400–U+9FFF with its simplified form, as ICU's Hant-Hans transform gives it (through
// Foundation's applyingTransform). Run: swift .ci/generate-simplified-table.swift > Sources/ZuimeiPrivacy/Fold+Simplified.swift
// `Tests/ZuimeiPrivacyTests/Fold+Simplified.swift` checks the file against the same transform.
import Foundation

let scalars = (0x3400...0x9FFF).compactMap(Unicode.Scalar.init)
let text = String(String.UnicodeScalarView(scalars))
guard let simplified = text.applyingTransform(StringTransform("Hant-Hans"), reverse: false) else {
    FileHandle.standardError.write(Data("generate-simplified-table: ICU's Hant-Hans transform is not available\n".utf8))
    exit(1)
}
let out = Array(simplified.unicodeScalars)
guard out.count == scalars.count else {
    FileHandle.standardError.write(Data("generate-simplified-table: the transform did not give one character for each\n".utf8))
    exit(1)
}
// A simplified form outside the Basic Multilingual Plane (CJK Extension B and later, which few
// fonts and keyboards have) is left out: the traditional character stays as it is.
let pairs = zip(scalars, out).filter { $0 != $1 && $1.value <= 0xFFFF }.map { (traditional: $0.value, simplified: $1.value) }
let version = ProcessInfo.processInfo.environment["ICU_VERSION"].map { "ICU \($0), " } ?? ""
var lines = [
    "// Generated with ICU's Hant-Hans transform (\(version)as Swift's Foundation ships it) over",
    "// U+3400–U+9FFF in one call (its output is one character for each): each traditional character",
    "// with its simplified form. Made by .ci/generate-simplified-table.swift; a test checks it.",
    "// Kept as data, so a build never loads ICU's transliteration rules (tens of megabytes, tens of",
    "// milliseconds) to fold text.",
    "extension Fold {",
    "    static let traditionalToSimplified: [UInt32: UInt32] = [",
]
var row: [String] = []
for pair in pairs {
    row.append(String(format: "0x%04X: 0x%04X", pair.traditional, pair.simplified))
    if row.count == 6 {
        lines.append("        " + row.joined(separator: ", ") + ",")
        row = []
    }
}
if !row.isEmpty { lines.append("        " + row.joined(separator: ", ") + ",") }
lines += ["    ]", "}"]
print(lines.joined(separator: "\n"))
