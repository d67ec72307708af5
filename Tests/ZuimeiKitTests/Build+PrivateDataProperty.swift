import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// The property behind issue 10: a private value, of any kind, put anywhere a
/// build publishes (a story's text, its fields, a link, an image's alt text,
/// an attachment's name or contents, a static file), disguised in any way a
/// reader still reads through, never gets past the build. Each case is a
/// build end to end that must fail with a `private-data` diagnostic naming
/// the right file, and leave the previous site byte for byte as it was.
///
/// When the value is another candidate's, that candidate's draft is often broken (issue 23):
/// a full-width colon, a tab, an unclosed quote or a misspelt `private:` stops its YAML; its
/// values must be guarded all the same.
///
/// Cases are drawn from a seeded generator: `ZUIMEI_PRIVACY_CASES` sets how
/// many (200 in `make test`; `make bench` runs more), `ZUIMEI_PRIVACY_SEED`
/// the seed. A failure prints the case, seed and number to reproduce it.
@Suite struct BuildPrivateDataPropertyTests {
    static let date = day("2021-12-31")

    @Test func aDisguisedPrivateValueNeverReachesTheSite() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["ZUIMEI_PRIVACY_CASES"].flatMap(Int.init) ?? 200
        let seed = environment["ZUIMEI_PRIVACY_SEED"].flatMap(UInt64.init) ?? 20_261_130
        var random = SplitMix64(seed: seed)

        // The previous site: built once, compared after every case.
        let baseline = try TempContent(files: ["stories/2021/clean.md": TempContent.story()])
        defer { baseline.remove() }
        try baseline.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let first = ZuimeiKit.build(BuildOptions(content: baseline.display, output: output, date: Self.date, jobs: 1))
        try #require(first.succeeded)
        let before = readTree(output)

        var failures = 0
        for number in 0..<count {
            let leak = Leak.random(using: &random)
            let temp = try TempContent(files: leak.files)
            try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
            for (path, data) in leak.binaryFiles { try temp.write(path, data) }
            let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date, jobs: 1))
            // A misspelt `private:` is an error of its own, at the key, which stops the build before the
            // output is searched: it names the draft (the leak is reported once the key is put right).
            let named = result.diagnostics.contains {
                $0.rule == "private-data" && $0.severity == .error && $0.file == temp.display(leak.expectedFile)
            } || ["a misspelt key", "a front matter closed above private"].contains(leak.damage) && result.diagnostics.contains {
                $0.rule == "private-key" && $0.severity == .error && $0.file == temp.display("stories/2021/b/index.md")
            }
            let unchanged = readTree(output) == before
            if result.succeeded || !named || !unchanged {
                failures += 1
                Issue.record("""
                    case \(number) (seed \(seed)): \(leak.description)
                    succeeded: \(result.succeeded), named \(leak.expectedFile): \(named), previous site unchanged: \(unchanged)
                    \(result.diagnostics.map { "\($0.location) [\($0.rule)] \($0.message)" }.joined(separator: "\n"))
                    """)
            }
            temp.remove()
            if failures >= 5 { break }
            if !unchanged {  // put the previous site back, so the next case is judged on its own
                _ = ZuimeiKit.build(BuildOptions(content: baseline.display, output: output, date: Self.date, jobs: 1))
            }
        }
    }
}


/// One generated case: a private value, where it is put, how it is disguised.
struct Leak: CustomStringConvertible {
    enum Kind: CaseIterable { case phone, idNumber, address, opinion }
    enum Place: CaseIterable {
        case body, summary, title, photoAlt, linkURL, imageAlt, attachmentName, captions, pdf, staticText, staticJSON
    }

    var kind: Kind
    var value: String
    var place: Place
    var disguise: String
    /// The value's owner is another candidate (a draft) rather than the story it appears in.
    var otherOwner: Bool
    var blockScalar: Bool
    /// How the owner's draft is broken, when it is (another candidate's only).
    var damage: String?
    var files: [String: String] = [:]
    var binaryFiles: [String: Data] = [:]
    var expectedFile = ""

    var description: String {
        "\(kind) in \(place), disguised as \(disguise)\(otherOwner ? ", another candidate's" : "")\(blockScalar ? ", block scalar" : "")"
            + (damage.map { ", the draft broken by \($0)" } ?? "")
    }

    static func random(using random: inout SplitMix64) -> Leak {
        let kind = Kind.allCases.randomElement(using: &random)!
        let value = makeValue(kind, using: &random)
        var places = Place.allCases
        if kind == .address || kind == .opinion { places.removeAll { $0 == .attachmentName } }
        var leak = Leak(kind: kind, value: value, place: places.randomElement(using: &random)!, disguise: "",
                        otherOwner: Bool.random(using: &random), blockScalar: Bool.random(using: &random))
        leak.lay(using: &random)
        return leak
    }

    // MARK: Values

    static func makeValue(_ kind: Kind, using random: inout SplitMix64) -> String {
        func digits(_ count: Int) -> String { (0..<count).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined() }
        switch kind {
        case .phone:
            return "1" + String("3456789".randomElement(using: &random)!) + digits(9)
        case .idNumber:
            let region = ["650102", "654002", "653101", "652901", "659001"].randomElement(using: &random)!
            let birth = String(format: "%04d%02d%02d", Int.random(in: 1981...2000, using: &random),
                               Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
            let body = region + birth + digits(3)
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
            return body + String(Array("10X98765432")[sum % 11])
        case .address:
            let city = ["伊宁市", "喀什市", "和田县", "阿克苏市", "库尔勒市", "昌吉市"].randomElement(using: &random)!
            let road = ["解放路", "人民路", "团结路", "幸福路", "天山路", "胜利街"].randomElement(using: &random)!
            return city + road + "\(Int.random(in: 1...399, using: &random))号"
                + (Bool.random(using: &random) ? "\(Int.random(in: 1...6, using: &random))单元\(Int.random(in: 101...1802, using: &random))室" : "")
        case .opinion:
            let who = ["王建国", "李秀英", "买买提", "阿依古丽", "张志强"].randomElement(using: &random)!
            let what = ["扎根基层", "带头致富", "调解纠纷", "发展庭院经济", "推广滴灌技术"].randomElement(using: &random)!
            return "推荐人\(who)认为该同志\(what)\(Int.random(in: 3...12, using: &random))年，表现突出，同意推荐"
        }
    }

    // MARK: Disguises

    /// Full-width forms of ASCII letters and digits.
    static func fullWidth(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x21...0x7E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x21 + 0xFF01)! : scalar
        }))
    }

    /// `separator` between characters at a few random places.
    static func split(_ text: String, with separator: String, times: Int, using random: inout SplitMix64) -> String {
        var characters = text.map(String.init)
        guard characters.count > 2 else { return text }
        for _ in 0..<times {
            let index = Int.random(in: 1..<characters.count, using: &random)
            characters[index] = separator + characters[index]
        }
        return characters.joined()
    }

    /// A disguise that a reader of the rendered Markdown still reads through.
    mutating func disguiseForMarkdown(using random: inout SplitMix64) -> String {
        let choices = ["as written", "spaces", "hyphens", "full-width", "emphasis split", "soft line break",
                       "raw HTML split", "character references", "zero-width spaces", "ideograph dashes", "circled digits",
                       "alt texts of adjacent images", "traditional characters", "Hangul fillers"]
        disguise = choices.randomElement(using: &random)!
        switch disguise {
        case "spaces": return Self.split(value, with: " ", times: 2, using: &random)
        case "hyphens": return Self.split(value, with: "-", times: 2, using: &random)
        case "full-width": return Self.fullWidth(value)
        case "emphasis split":
            let characters = value.map(String.init)
            let cut = Int.random(in: 1..<characters.count, using: &random)
            return "**" + characters[..<cut].joined() + "**" + characters[cut...].joined()
        case "soft line break": return Self.split(value, with: "\n", times: 1, using: &random)
        case "raw HTML split": return Self.split(value, with: "<b></b>", times: 1, using: &random)
        case "character references":
            return value.unicodeScalars.map { scalar in
                Bool.random(using: &random) ? "&#\(scalar.value);" : String(scalar)
            }.joined()
        case "zero-width spaces": return Self.split(value, with: "\u{200B}", times: 2, using: &random)
        case "ideograph dashes": return Self.splitBetweenDigits(value, with: "一", using: &random)
        case "circled digits": return Self.circled(value)
        case "alt texts of adjacent images":
            let characters = value.map(String.init)
            let cut = Int.random(in: 1..<characters.count, using: &random)
            return "![\(characters[..<cut].joined())](https://example.org/a.png)![\(characters[cut...].joined())](https://example.org/b.png)"
        case "traditional characters": return Self.traditional(value)
        case "Hangul fillers": return Self.split(value, with: "\u{3164}", times: 2, using: &random)
        default: return value
        }
    }

    /// `一` between two digits at one random place (as written where there are none).
    static func splitBetweenDigits(_ text: String, with separator: String, using random: inout SplitMix64) -> String {
        let characters = text.map(String.init)
        let places = (1..<characters.count).filter { characters[$0 - 1].first!.isASCII && characters[$0 - 1].first!.isNumber
            && characters[$0].first!.isASCII && characters[$0].first!.isNumber }
        guard let place = places.randomElement(using: &random) else { return text }
        return (characters[..<place] + [separator] + characters[place...]).joined()
    }

    /// Digits as the dingbat circled digits ❶–❾, ⓪ for zero.
    static func circled(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x30: Unicode.Scalar(0x24EA)!
            case 0x31...0x39: Unicode.Scalar(0x2776 + scalar.value - 0x31)!
            default: scalar
            }
        }))
    }

    /// Simplified characters written in their traditional forms, where they have one.
    static func traditional(_ text: String) -> String {
        let map: [Character: Character] = ["宁": "寧", "县": "縣", "号": "號", "单": "單", "元": "元", "区": "區", "乡": "鄉",
                                           "荐": "薦", "认": "認", "为": "為", "该": "該", "现": "現", "术": "術", "济": "濟",
                                           "库": "庫", "尔": "爾", "苏": "蘇", "结": "結", "阳": "陽", "宾": "賓"]
        return String(text.map { map[$0] ?? $0 })
    }

    /// A disguise for plain text: a front-matter field, a caption, a text file.
    mutating func disguiseForText(using random: inout SplitMix64) -> String {
        let choices = ["as written", "spaces", "hyphens", "full-width", "dots", "zero-width spaces"]
        disguise = choices.randomElement(using: &random)!
        switch disguise {
        case "spaces": return Self.split(value, with: " ", times: 3, using: &random)
        case "hyphens": return Self.split(value, with: "-", times: 2, using: &random)
        case "full-width": return Self.fullWidth(value)
        case "dots": return Self.split(value, with: ".", times: 2, using: &random)
        case "zero-width spaces": return Self.split(value, with: "\u{200B}", times: 2, using: &random)
        default: return value
        }
    }

    // MARK: The content

    /// Writes the stories and files of this case.
    mutating func lay(using random: inout SplitMix64) {
        let privateLines: [String]
        if blockScalar {
            privateLines = ["private:", "  secret: \(Bool.random(using: &random) ? "|" : ">")", "    \(value)"]
        } else {
            privateLines = ["private:", "  secret: \"\(value)\""]
        }
        let story = "stories/2021/a/index.md"
        let owner = otherOwner ? "stories/2021/b/index.md" : story
        var adding: [String] = []
        var replacing: [String: String] = [:]
        var body = "正文第一段。\n\n"
        switch place {
        case .body:
            body += "他说：" + disguiseForMarkdown(using: &random) + "。\n"
            // Split over images' alt texts, the value is whole only in the page: the guard names its owner's key.
            expectedFile = disguise == "alt texts of adjacent images" ? owner : story
        case .summary, .title, .photoAlt:
            let text = disguiseForText(using: &random)
            switch place {
            case .summary: adding.append("summary: \"摘要\(text)\"")
            case .title: replacing["title"] = "title: \"标题\(text)\""
            default:
                adding += ["photo: photo.png", "photo_alt: \"照片\(text)\""]
                binaryFiles["stories/2021/a/photo.png"] = Self.tinyPNG
            }
            expectedFile = story
        case .linkURL:
            disguise = "percent-encoded"
            let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            body += "见[地图](https://map.example/?q=\(encoded))。\n"
            expectedFile = story
        case .imageAlt:
            body += "![图\(disguiseForText(using: &random))](https://example.org/p.png)\n"
            expectedFile = story
        case .attachmentName:
            disguise = ["hyphens", "as written"].randomElement(using: &random)!
            let name = disguise == "hyphens" ? Self.split(value, with: "-", times: 2, using: &random) : value
            binaryFiles["stories/2021/a/form-\(name).pdf"] = Data("%PDF-1.4\n%%EOF\n".utf8)
            // Linked, so published (a file nothing links to is not): the link names the value, in the story.
            body += "见[附件](form-\(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!).pdf)。\n"
            expectedFile = story
        case .captions:
            files["stories/2021/a/clip.vtt"] = "WEBVTT\n\n00:00.000 --> 00:02.000\n电话\(disguiseForText(using: &random))\n"
            body += "见[字幕](clip.vtt)。\n"  // linked, so published (a file nothing links to is not)
            expectedFile = owner
        case .pdf:
            let utf16 = Bool.random(using: &random)
            disguise = utf16 ? "UTF-16BE in a PDF" : "UTF-8 in a PDF"
            var data = Data("%PDF-1.4\n1 0 obj << /Author (".utf8)
            if utf16 {
                data += Data([0xFE, 0xFF])
                for unit in value.utf16 { data.append(UInt8(unit >> 8)); data.append(UInt8(unit & 0xFF)) }
            } else {
                data += Data(value.utf8)
            }
            data += Data(") >> endobj\n%%EOF\n".utf8)
            binaryFiles["stories/2021/a/form.pdf"] = data
            body += "见[附件](form.pdf)。\n"
            expectedFile = owner
        case .staticText:
            files["static/notes.txt"] = "名单\n\(disguiseForText(using: &random))\n"
            expectedFile = owner
        case .staticJSON:
            disguise = "JSON \\u escapes"
            let escaped = value.utf16.map { String(format: "\\u%04x", $0) }.joined()
            files["static/data.json"] = "{\"note\": \"\(escaped)\"}\n"
            expectedFile = owner
        }
        if otherOwner {
            files[story] = TempContent.story(replacing: replacing, adding: adding, body: body)
            var draft = TempContent.story(replacing: ["status": "status: draft"], adding: privateLines)
            if Bool.random(using: &random) {
                var damages = ["a full-width colon", "a tab", "an unclosed quote", "a misspelt key", "a front matter closed above private",
                               "a block that lost its indentation", "carriage returns"]
                if !blockScalar {
                    damages += ["an unclosed quote in the value", "no space after the colon", "a comment after the value", "an anchor and a tag"]
                }
                damage = damages.randomElement(using: &random)!
                draft = Self.break(draft, by: damage!, using: &random)
            }
            files["stories/2021/b/index.md"] = draft
        } else {
            files[story] = TempContent.story(replacing: replacing, adding: adding + privateLines, body: body)
        }
    }

    /// A draft's front matter broken the way a team breaks it.
    static func `break`(_ text: String, by damage: String, using random: inout SplitMix64) -> String {
        switch damage {
        case "a full-width colon":
            let key = ["prefecture", "workplace", "university", "name"].randomElement(using: &random)!
            return text.replacingOccurrences(of: "\n\(key): ", with: "\n\(key)： ")
        case "a tab":
            return text.replacingOccurrences(of: "\n  secret", with: "\n\tsecret").replacingOccurrences(of: "\n    ", with: "\n\t  ")
        case "an unclosed quote":
            return text.replacingOccurrences(of: "title: \"标题\"", with: "title: \"标题")
        case "an unclosed quote in the value":
            return text.replacingOccurrences(of: #"(?m)^  secret: "(.*)"$"#, with: "  secret: \"$1", options: .regularExpression)
        case "no space after the colon":
            return text.replacingOccurrences(of: "\n  secret: \"", with: "\n  secret:\"")
        case "a comment after the value":
            return text.replacingOccurrences(of: #"(?m)^  secret: "(.*)"$"#, with: "  secret: \"$1\"  # 推荐表", options: .regularExpression)
                .replacingOccurrences(of: "title: \"标题\"", with: "title: \"标题")
        case "an anchor and a tag":
            return text.replacingOccurrences(of: "\n  secret: \"", with: "\n  secret: &s !!str \"")
                .replacingOccurrences(of: "title: \"标题\"", with: "title: \"标题")
        case "a front matter closed above private":
            return text.replacingOccurrences(of: "\nprivate:", with: "\n---\nprivate:")
        case "a block that lost its indentation":
            return text.replacingOccurrences(of: "\n  secret", with: "\nsecret")
        case "carriage returns":
            return text.replacingOccurrences(of: "\n", with: "\r").replacingOccurrences(of: "title: \"标题\"", with: "title: \"标题")
        default:
            let key = ["privte", "Private", "pirvate", "privat"].randomElement(using: &random)!
            return text.replacingOccurrences(of: "\nprivate:", with: "\n\(key):")
        }
    }

    /// A valid 1×1 PNG.
    static let tinyPNG = Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")!
}
