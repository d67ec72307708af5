import Foundation
import Testing
import ZuimeiFuzzing

/// Every input `make fuzz` starts from or found a crash with (`Tests/fuzz/corpus/`,
/// `Tests/fuzz/regressions/`) runs through the same harness in `make test`, without the
/// fuzzer: a crash found once stays fixed.
@Suite struct HarnessRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz")

    @Test func everyKeptInputRunsWithoutCrashing() throws {
        var ran = 0
        for folder in ["corpus", "regressions"] {
            let directory = Self.root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where !name.hasPrefix(".") {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                Harness.run([UInt8](data))
                ran += 1
            }
        }
        #expect(ran >= Harness.targets.count)
    }

    /// Every parser, fed bytes no file would hold, answers without crashing; the first byte picks
    /// the parser it names, and every parser is picked by some byte.
    @Test(arguments: Harness.Target.allCases)
    func hostileBytesForEveryTarget(target: Harness.Target) {
        for input in [[UInt8](), [0xFF, 0xFE], Array(repeating: 0x5B, count: 5000), [0x2D, 0x2D, 0x2D, 0x0A, 0x2A, 0x61, 0x0A], Array("---\n&a [*a]\n---\n".utf8)] {
            #expect(Harness.run([UInt8(target.rawValue)] + input) == target)
            #expect(Harness.run([UInt8(target.rawValue + Harness.Target.allCases.count)] + input) == target)
        }
    }

    @Test func everyTargetHasItsOwnName() {
        #expect(Set(Harness.targets).count == Harness.Target.allCases.count)
        #expect(Harness.run([]) == nil)
    }
}
