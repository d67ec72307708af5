import Foundation
import Testing
@testable import ZuimeiPrivacy

/// The traditional→simplified table the matcher folds with (`Fold.traditionalToSimplified`) is
/// exactly what ICU's Hant-Hans transform gives over U+3400–U+9FFF, as
/// `.ci/generate-simplified-table.swift` made it: a change of ICU that changes it shows here.
@Suite struct FoldSimplifiedTests {
    @Test func theTableIsICUsHantToHansTransform() throws {
        let scalars = (0x3400...0x9FFF).compactMap(Unicode.Scalar.init)
        let text = String(String.UnicodeScalarView(scalars))
        let simplified = try #require(text.applyingTransform(StringTransform("Hant-Hans"), reverse: false))
        let out = Array(simplified.unicodeScalars)
        try #require(out.count == scalars.count, "the transform gave \(out.count) characters for \(scalars.count)")
        var fromICU: [UInt32: UInt32] = [:]
        // Simplified forms outside the Basic Multilingual Plane are left out (see the generator).
        for (from, to) in zip(scalars, out) where from != to && to.value <= 0xFFFF { fromICU[from.value] = to.value }
        let table = Fold.traditionalToSimplified
        let missing = fromICU.filter { table[$0.key] != $0.value }.keys.sorted().prefix(10).map { String($0, radix: 16) }
        let extra = table.filter { fromICU[$0.key] != $0.value }.keys.sorted().prefix(10).map { String($0, radix: 16) }
        #expect(missing.isEmpty && extra.isEmpty, "differs from ICU at \(missing) (ICU), \(extra) (table): run .ci/generate-simplified-table.swift")
        #expect(table.count > 2000)
    }
}
