import Foundation
import Testing
@testable import ZuimeiContent

@Suite struct DateTests {
    @Test func parsesOnlyRealDates() {
        #expect(Day("2021-06-24") == Day(year: 2021, month: 6, day: 24))
        #expect(Day("2020-02-29") != nil)
        #expect(Day("2021-02-29") == nil)
        #expect(Day("2021-6-24") == nil)
        #expect(Day("2021-06-24T00:00") == nil)
        #expect(YearMonth("1990-05") == YearMonth(year: 1990, month: 5))
        #expect(YearMonth("1990-13") == nil)
    }

    @Test func weekdaysAndMonthArithmetic() {
        #expect(Day("2021-06-24")!.weekday == 4)  // a Thursday
        #expect(Day("1970-01-01")!.weekday == 4)
        #expect(YearMonth("2016-06")!.months(until: YearMonth("2021-06")!) == 60)
    }

    @Test func frontMatterSplitting() throws {
        let split = try splitFrontMatter("---\na: 1\n---\nbody\n").get()
        #expect(split.yaml == "a: 1")
        #expect(split.body == "body\n")
        #expect(split.bodyLine == 4)
        #expect(throws: Problem.self) { try splitFrontMatter("a: 1\n").get() }
    }

    @Test func frontMatterEdgeCases() throws {
        let empty = try splitFrontMatter("---\n---\nbody").get()
        #expect(empty.yaml == "" && empty.body == "body\n" && empty.bodyLine == 3)
        let dots = try splitFrontMatter("---  \na: 1\nb: 2\n...\n").get()
        #expect(dots.yaml == "a: 1\nb: 2" && dots.body == "" && dots.bodyLine == 5)
        let noBody = try splitFrontMatter("---\na: 1\n---").get()
        #expect(noBody.yaml == "a: 1" && noBody.body == "")
        #expect(splitFrontMatter("---\na: 1\n") == .failure(.unclosedFrontMatter))
        #expect(splitFrontMatter("") == .failure(.missingFrontMatter))
        #expect(splitFrontMatter("--- \n") == .failure(.unclosedFrontMatter))
    }
}

import ZuimeiDiagnostics
