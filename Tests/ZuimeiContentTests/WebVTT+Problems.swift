import Foundation
import Testing
@testable import ZuimeiContent

/// Captions a browser would load but show wrongly, or not at all: each problem at its line and column.
@Suite struct WebVTTProblemsTests {
    func problems(_ text: String) -> [WebVTT.Problem] { WebVTT.problems(in: Data(text.utf8)) }
    func problem(_ line: Int, _ column: Int, _ reason: String) -> WebVTT.Problem { .init(line: line, column: column, reason: reason) }

    @Test func validCaptionsHaveNoProblems() {
        #expect(problems("WEBVTT\n\n00:00.000 --> 00:01.500\n清晨出发。\n\n2\n00:00:01.500 --> 00:00:03.200 line:90% align:center\n乡亲们候诊。\n") == [])
        // A BOM, CRLF, a header text, notes, a style block without files, a cue with no identifier.
        #expect(problems("\u{FEFF}WEBVTT 示例\r\n\r\nNOTE 说明\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\n00:01.000 --> 00:02.000\r\n一\r\n") == [])
    }

    /// Cues shown at one moment are searched in every order a viewer may read them, up to five.
    @Test func moreThanFiveCuesAtOnceAreRefused() {
        let five = (0..<5).map { "00:00.000 --> 00:05.000 position:\($0 * 20)%\n第\($0)条\n" }.joined(separator: "\n")
        #expect(problems("WEBVTT\n\n" + five) == [])
        let six = (0..<6).map { "00:00.000 --> 00:05.000 position:\($0 * 15)%\n第\($0)条\n" }.joined(separator: "\n")
        #expect(problems("WEBVTT\n\n" + six).map(\.line) == [3])
        // A "NOTE" block with a timing is a cue, as browsers read it.
        #expect(problems("WEBVTT\n\nNOTE 1\n00:00.000 --> 00:01.000\n一\n\nNOTE 2\n00:00.500 --> 00:00.200\n二\n").map(\.line) == [8])
    }

    @Test func theFirstLineMustBeWEBVTT() {
        #expect(problems("WEBVTTX\n\n00:01.000 --> 00:02.000\n一\n") == [problem(1, 1, "the first line is not 'WEBVTT'")])
        #expect(problems("1\n00:00:01,000 --> 00:00:02,000\n一\n") == [problem(1, 1, "the first line is not 'WEBVTT'")])  // SRT
    }

    @Test func badTimingsAreReportedWhereTheyAre() {
        let text = """
        WEBVTT

        00:01,000 --> 00:02.000
        SRT's comma

        00:03.000 -> 00:04.000
        one dash

        00:05.000 --> 00:04.000
        ends before it starts

        00:00:61.000 --> 00:01:02.000
        sixty-one seconds

        00:06.000 --> 00:07.000
        fine

        00:05.500 --> 00:08.000
        starts before the cue above
        00:09.000 --> 00:10.000
        no blank line

        """
        #expect(problems(text) == [
            problem(3, 1, "the cue's start is not a time (HH:MM:SS.mmm or MM:SS.mmm)"),
            problem(6, 1, "a block without a cue timing line ('00:00:01.000 --> 00:00:04.000')"),
            problem(9, 1, "the cue ends before or when it starts"),
            problem(12, 1, "the cue's start is not a time (HH:MM:SS.mmm or MM:SS.mmm)"),
            problem(18, 1, "the cue starts before the cue above it"),
            problem(20, 1, "cue text contains '-->' (a missing blank line between two cues?)"),
        ])
    }

    @Test func theEndIsCheckedAtItsColumn() {
        #expect(problems("WEBVTT\n\n00:01.000 --> 00:02\n一\n") == [problem(3, 15, "the cue's end is not a time (HH:MM:SS.mmm or MM:SS.mmm)")])
        #expect(problems("WEBVTT\n\n00:01.000 --> 00:02.000x\n一\n") == [problem(3, 24, "the cue's end is not a time (HH:MM:SS.mmm or MM:SS.mmm)")])
    }

    @Test func captionsWithoutCuesAreAnError() {
        #expect(problems("WEBVTT\n") == [problem(1, 1, "the file has no cues")])
        #expect(problems("WEBVTT\n\nNOTE only a note\n") == [problem(1, 1, "the file has no cues")])
    }

    @Test func aStyleBlockMayNotLoadAnything() {
        let text = "WEBVTT\n\nSTYLE\n::cue { background: url(https://tracker.example/x.png) }\n\n00:01.000 --> 00:02.000\n一\n"
        #expect(problems(text) == [problem(4, 1, "a STYLE block loads a file (url() or @import): captions load nothing from anywhere")])
    }

    @Test func notTextOrTooLargeIsAnErrorWithoutReadingOn() {
        #expect(WebVTT.problems(in: Data([0x57, 0x45, 0xFF, 0xFE])) == [problem(1, 1, "the file is not UTF-8 text")])
        #expect(problems("WEBVTT\n\n00:01.000 --> 00:02.000\n一\u{0}二\n") == [problem(4, 1, "a NUL character")])
        let large = Data(count: WebVTT.maximumSize + 1)
        #expect(WebVTT.problems(in: large) == [problem(1, 1, "the file is larger than 4 MB")])
    }
}
