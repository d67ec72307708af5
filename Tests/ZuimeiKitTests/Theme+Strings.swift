import Foundation
import Testing
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// The site's interface text lives in the theme: the string table and the
/// templates. Swift code names keys.
@Suite struct ThemeStringsTests {
    static let sources = Fixture.repository.appendingPathComponent("Sources")

    /// Every Swift file under `Sources/`. The theme's templates and string
    /// table, and the scaffolds' texts, are resource files, not Swift.
    func pipelineSources() -> [(path: String, text: String)] {
        let modules = (try? FileManager.default.contentsOfDirectory(atPath: Self.sources.path)) ?? []
        #expect(modules.count >= 14)
        var files: [(String, String)] = []
        for module in modules.sorted() {
            let directory = Self.sources.appendingPathComponent(module)
            for relative in FileManager.default.enumerator(atPath: directory.path)?.compactMap({ $0 as? String }) ?? []
                where relative.hasSuffix(".swift") {
                let path = directory.appendingPathComponent(relative).path
                files.append(("\(module)/\(relative)", (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""))
            }
        }
        return files
    }

    @Test func noInterfaceTextIsLeftInSwift() {
        var found: [String] = []
        for (path, text) in pipelineSources() {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                // Code only: what stands before a comment.
                let code = line.components(separatedBy: "//").first ?? ""
                if code.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) }),
                   !line.contains("// content vocabulary, not interface text") {
                    found.append("\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found == [], "Chinese text in Swift code; move it to Theme/strings/zh-Hans.yml:\n\(found.joined(separator: "\n"))")
    }

    @Test func everyKeyTheCodeUsesIsInTheTable() {
        let table = UIStrings.load().table
        #expect(table.count > 40)
        var missing: [String] = []
        for (path, text) in pipelineSources() {
            for match in text.matches(of: /strings\("([a-zA-Z.]+)"/) where table[String(match.output.1)] == nil {
                missing.append("\(path): \(match.output.1)")
            }
        }
        for stage in ["mobilisation", "nomination", "review", "publicity", "study"] where table["stage.\(stage)"] == nil {
            missing.append("stage.\(stage)")
        }
        #expect(missing == [])
    }

    @Test func valuesAreFilledInAndAMissingKeyShowsItself() {
        let strings = UIStrings(language: "zh-Hans", table: ["list.paged": "{title}（第{page}页）"])
        #expect(strings("list.paged", ["title": "人物故事", "page": 2]) == "人物故事（第2页）")
        #expect(strings("no.such.key") == "no.such.key")
    }
}
