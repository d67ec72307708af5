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

    /// The samples hold every kind of problem, and the catalogue an entry for each, with a rule
    /// and texts in every language (a message and a hint, or variants of them that cover
    /// every value, as `privateDataLeak`'s sources do), and nothing else.
    @Test func everyProblemHasItsEntryInEveryLanguage() {
        let sampled = Set(problemSamples.map(\.kind))
        #expect(Problem.Kind.allCases.filter { !sampled.contains($0) } == [])
        let catalogue = ProblemCatalogue.shared.entries
        let kinds = Set(Problem.Kind.allCases.map(\.rawValue)).subtracting(["redacted"])
        #expect(Set(catalogue.keys) == kinds)
        for (name, entry) in catalogue {
            #expect(!entry.rule.isEmpty && entry.rule.allSatisfy { $0.isLowercase || $0 == "-" }, "\(name): rule '\(entry.rule)'")
            for (key, byLanguage) in entry.texts {
                #expect(key.hasPrefix("message") || key.hasPrefix("hint"), "\(name): unknown part \(key)")
                #expect(Set(byLanguage.keys) == Set(DiagnosticLanguage.allCases.map(\.code)) || key.contains("."),
                        "\(name).\(key): not in every language")
            }
        }
    }

    /// Every sample's message and hint, in each language, fill every placeholder, are not the
    /// other language's, and name each value a variant is chosen for.
    @Test(arguments: problemSamples)
    func everyTextFillsItsPlaces(problem: Problem) {
        if case .redacted = problem { return }
        for language in DiagnosticLanguage.allCases {
            let message = problem.message(in: language), hint = problem.hint(in: language) ?? ""
            #expect(!message.isEmpty && message != problem.kind.rawValue && !hint.isEmpty)
            #expect(!(message + hint).contains(/\{[a-zA-Z.0-9]+\}/), "\(problem) in \(language): \(message) | \(hint)")
            let han = (message + hint).contains { $0.unicodeScalars.first!.properties.isIdeographic }
            if language == .chinese { #expect(han, "\(problem): \(message)") }
        }
        #expect(problem.message(in: .english) == problem.message && problem.hint(in: .english) == problem.hint)
    }

    /// Each variant in the catalogue is chosen by some sample, in each language that has it.
    @Test func everyVariantIsReached() {
        var reached: Set<String> = []
        for problem in problemSamples where problem.kind != .redacted {
            for language in DiagnosticLanguage.allCases {
                for part in ["message", "hint"] {
                    let text = part == "message" ? problem.message(in: language) : problem.hint(in: language)!
                    let entry = ProblemCatalogue.shared.entries[problem.kind.rawValue]!
                    for (key, byLanguage) in entry.texts where key.hasPrefix(part) && byLanguage[language.code] != nil {
                        let filled = fillPlaceholders(byLanguage[language.code]!, ProblemCatalogue.values(problem.arguments.values, in: language))
                        if filled == text { reached.insert("\(problem.kind.rawValue).\(key).\(language.code)") }
                    }
                }
            }
        }
        var all: Set<String> = []
        for (name, entry) in ProblemCatalogue.shared.entries {
            for (key, byLanguage) in entry.texts { for code in byLanguage.keys { all.insert("\(name).\(key).\(code)") } }
        }
        #expect(all.subtracting(reached).sorted() == [])
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

/// "Did you mean" for what a new team types: short forms of place names, swapped letters, dates
/// written another way.
@Suite struct SuggestionTests {
    static let prefectures = ["伊犁哈萨克自治州", "喀什地区", "和田地区", "阿克苏地区", "昌吉回族自治州", "巴音郭楞蒙古自治州",
                              "博尔塔拉蒙古自治州", "克孜勒苏柯尔克孜自治州", "乌鲁木齐市", "阿勒泰地区"]

    @Test(arguments: [("伊犁州", "伊犁哈萨克自治州"), ("喀什市", "喀什地区"), ("喀什", "喀什地区"), ("和田", "和田地区"),
                      ("阿克苏", "阿克苏地区"), ("昌吉州", "昌吉回族自治州"), ("巴州", "巴音郭楞蒙古自治州"),
                      ("博州", "博尔塔拉蒙古自治州"), ("克州", "克孜勒苏柯尔克孜自治州"), ("乌鲁木齐", "乌鲁木齐市"),
                      ("伊犁哈萨克自治洲", "伊犁哈萨克自治州")])
    func aShortFormOfAPrefectureFindsIt(typed: String, meant: String) {
        #expect(closestMatch(to: typed, in: Self.prefectures) == meant)
    }

    @Test func anAmbiguousOrUnrelatedNameFindsNothing() {
        #expect(closestMatch(to: "阿州", in: Self.prefectures) == nil)  // 阿克苏 or 阿勒泰
        #expect(closestMatch(to: "北京市", in: Self.prefectures) == nil)
    }

    @Test func swappedLettersCountOneEdit() {
        #expect(closestMatch(to: "nmae", in: ["name", "born", "title"]) == "name")
        #expect(closestMatch(to: "univercity", in: ["university", "workplace"]) == "university")
        #expect(editDistance(Array("nmae"), Array("name")) == 1 && editDistance(Array("abc"), Array("cab")) == 2)
    }

    @Test(arguments: [("2026/12/2", "YYYY-MM-DD", "2026-12-02"), ("2026.12.2", "YYYY-MM-DD", "2026-12-02"),
                      ("2026年12月2日", "YYYY-MM-DD", "2026-12-02"), ("2026-1-5", "YYYY-MM-DD", "2026-01-05"),
                      ("2018/8", "YYYY-MM", "2018-08"), ("2018年8月", "YYYY-MM", "2018-08")])
    func aDateWrittenAnotherWayIsSuggested(value: String, format: String, suggestion: String) {
        #expect(dateSuggestion(value, format: format) == suggestion)
        #expect(Problem.badDate(key: "date", value: value, format: format).hint?.hasPrefix("did you mean \(suggestion)?") == true)
    }

    @Test func aDateThatIsNoDateGetsNoSuggestion() {
        for value in ["2026/13/2", "26/12/2", "明天", "2026-12-02"] { #expect(dateSuggestion(value, format: "YYYY-MM-DD") == nil, "\(value)") }
    }
}
