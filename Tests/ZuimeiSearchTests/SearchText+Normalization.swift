import Foundation
import Testing
@testable import ZuimeiSearch

@Suite struct SearchTextNormalizationTests {
    func normalized(_ text: String) -> String { String(String.UnicodeScalarView(SearchText.normalized(text))) }

    @Test func nfkcAndLatinLowerCase() {
        #expect(normalized("ＡＢＣ，２０１２（示例）") == "abc,2012(示例)")
        #expect(normalized("ÉCOLE Wi-Fi") == "école wi-fi")
        #expect(normalized("e\u{301}") == "\u{E9}")  // a letter and its mark compose
        #expect(normalized("ΑΒΓ Привет") == "ΑΒΓ Привет")  // only Latin letters are lower-cased
        #expect(normalized("ﬁ") == "fi")
        #expect(normalized("乡村振兴\n伊宁县") == "乡村振兴\n伊宁县")
    }

    /// The fast path (Han and ASCII taken as they are) gives what the cluster-by-cluster way gives.
    @Test func theFastPathAgreesWithTheClusterByClusterWay() {
        let samples = ["示例：阿斯卡尔2012年，“数学哥哥”。", "ABC\u{301}ＸＹＺ", "ئۇيغۇرچە قازاقشا", "a\u{300}\u{301}b", "１２３４"]
        for sample in samples {
            var reference: [Unicode.Scalar] = []
            SearchText.forEachCluster(sample) { reference += SearchText.normalizedCluster($0) }
            #expect(SearchText.normalized(sample) == reference, "\(sample)")
        }
    }

    @Test func jsonStringsAreSafeInAScriptAndReadBack() throws {
        let text = "“引号”\"\\ </script><!-- & \u{2028}\u{2029}\t\n\u{0}\u{7F} 乡村"
        let literal = SearchFiles.json(text)
        for forbidden in ["<", ">", "&", "\u{2028}", "\u{2029}", "\n"] { #expect(!literal.contains(forbidden)) }
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
    }
}
