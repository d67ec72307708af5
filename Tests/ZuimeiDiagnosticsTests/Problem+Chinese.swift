import Foundation
import Testing
@testable import ZuimeiDiagnostics

/// Diagnostics in Chinese for a Chinese locale: every problem has its text, values fill their
/// places, rule ids and the place stay as they are, and English is the rest of the world's.
@Suite struct ProblemChineseTests {
    @Test(arguments: [(["LANG": "zh_CN.UTF-8"], DiagnosticLanguage.chinese), (["LANG": "zh_TW"], .chinese),
                      (["LANG": "en_US.UTF-8"], .english), ([:], .english), (["LC_ALL": "C", "LANG": "zh_CN.UTF-8"], .english),
                      (["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C"], .chinese), (["LC_ALL": "", "LANG": "zh_CN"], .chinese)])
    func theLocaleChoosesTheLanguage(environment: [String: String], language: DiagnosticLanguage) {
        #expect(DiagnosticLanguage.fromEnvironment(environment) == language)
    }

    /// Every case of `Problem` (read from its source) has a Chinese message.
    @Test func everyProblemHasAChineseMessage() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/ZuimeiDiagnostics/Problem.swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        let body = text[text.range(of: "public enum Problem")!.lowerBound..<text.range(of: "/// Stable identifier")!.lowerBound]
        let names = body.matches(of: /\n    case (\w+)/).map { String($0.output.1) }
        #expect(names.count > 70)
        let missing = names.filter { Translations.chinese.texts[$0 + ".message"] == nil }
        #expect(missing == [])
    }

    @Test func valuesFillTheirPlacesAndTheRuleStays() {
        let problems: [Problem] = [
            .missingKey(key: "born"), .unknownTerm(kind: "prefecture", value: "伊犁州", suggestion: "伊犁哈萨克自治州"),
            .unknownTerm(kind: "field", value: "x", suggestion: nil), .serviceYears(since: "2016-07", months: 59, referenceDate: "2021-06-24", minimumYears: 5),
            .privateDataLeak(key: "private.phone", output: "index.html", source: .template("partials/footer")),
            .privateDataLeak(key: "private.phone", output: "a/index.html", source: .page(template: "story")),
            .prefectureQuota(prefecture: "和田地区", edition: 2021, quota: 3, stories: ["a.md", "b.md", "c.md", "d.md"]),
            .videoTooLarge(path: "v.mp4", size: 300_000_000, limit: 200_000_000), .missingPhoto(path: "photo.png", suggestion: "IMG_2031.PNG"),
            .wrongType(key: "graduated", expected: "a year YYYY"), .unclosedQuote(quote: "\""), .bidiControl,
        ]
        for problem in problems {
            let message = problem.message(in: .chinese), hint = problem.hint(in: .chinese) ?? ""
            #expect(message != problem.message, "\(problem): not translated")
            #expect(!(message + hint).contains(/\{[a-zA-Z.0-9]+\}/), "\(problem): \(message) \(hint)")
            #expect(Diagnostic(file: "a.md", line: 2, column: 3, problem: problem).rule == problem.rule)
        }
        #expect(Problem.missingKey(key: "born").message(in: .chinese).contains("'born'"))
        #expect(Problem.unknownTerm(kind: "prefecture", value: "伊犁州", suggestion: "伊犁哈萨克自治州").hint(in: .chinese)?.contains("伊犁哈萨克自治州") == true)
        #expect(Problem.unknownTerm(kind: "prefecture", value: "伊犁州", suggestion: nil).message(in: .chinese).contains("地州市"))
        #expect(Problem.serviceYears(since: "2016-07", months: 59, referenceDate: "2021-06-24", minimumYears: 5)
            .message(in: .chinese).contains("4 年 11 个月"))
        #expect(Problem.privateDataLeak(key: "k", output: "index.html", source: .template("partials/footer")).message(in: .chinese)
            .contains("partials/footer"))
        #expect(Problem.missingKey(key: "born").message(in: .english) == Problem.missingKey(key: "born").message)
        // An invisible character is shown, in Chinese as in English.
        #expect(Problem.invisibleInTerm(kind: "prefecture", value: "哈\u{200B}密市").message(in: .chinese).contains("哈<U+200B>密市"))
        #expect(Problem.wrongType(key: "story_length", expected: "{min: …, max: …} with 0 ≤ min ≤ max").message(in: .chinese)
            .contains("且 0 ≤ min ≤ max"))
    }

    @Test func theLineKeepsItsPlaceSeverityAndRule() {
        let diagnostic = Diagnostic(file: "Content/a.md", line: 4, column: 6, problem: .missingKey(key: "born"))
        let line = DiagnosticFormatter.text(diagnostic, language: .chinese)
        #expect(line.hasPrefix("Content/a.md:4:6: error: ") && line.hasSuffix(" [missing-key]"))
        #expect(DiagnosticFormatter.count([diagnostic], language: .chinese) == "1 个错误，0 个警告")
        #expect(DiagnosticFormatter.count([diagnostic]) == "1 error, 0 warnings")
    }

    @Test func aValueThatHoldsBracesIsPrintedAsItIs() {
        #expect(fillPlaceholders("'{path}' {other}", ["path": "{other}", "other": "x"]) == "'{other}' x")
    }
}

/// A diagnostic is one line that cannot drive the terminal, whatever value it quotes.
@Suite struct DiagnosticOneLineTests {
    @Test func controlsAndBidiOverridesInAQuotedValueAreShownEscaped() {
        let diagnostic = Diagnostic(file: "a.md", line: 2, column: 3,
                                    problem: .unknownTerm(kind: "prefecture", value: "\u{1B}[2J\nb.md:1:1: error: forged\u{202E}", suggestion: nil))
        let line = DiagnosticFormatter.text(diagnostic)
        #expect(!line.contains("\n") && !line.contains("\u{1B}") && !line.contains("\u{202E}"))
        #expect(line.contains("\\u{1B}[2J\\u{A}b.md:1:1: error: forged\\u{202E}"))
    }
}
