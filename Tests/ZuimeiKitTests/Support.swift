import Foundation
import Testing
import ZuimeiContent
import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// Fixture sites live beside this file, under Fixtures/.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A writable copy of a fixture in a temporary directory.
    static func copy(_ name: String) throws -> URL {
        let target = temporaryDirectory().appendingPathComponent(name)
        try FileManager.default.copyItem(atPath: path(name), toPath: target.path)
        return target
    }
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-kit-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func day(_ text: String) -> Day { Day(text)! }

/// Every regular file below `root`: relative path → bytes.
func readTree(_ root: String) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [:] }
    while let relative = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let full = root + "/" + relative
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            result[relative] = FileManager.default.contents(atPath: full)
        }
    }
    return result
}

/// Every regular file below `root`: relative path → modification time.
func modificationTimes(_ root: String) -> [String: Date] {
    var result: [String: Date] = [:]
    for path in readTree(root).keys {
        result[path] = (try? FileManager.default.attributesOfItem(atPath: root + "/" + path))?[.modificationDate] as? Date
    }
    return result
}

func text(_ data: Data?) -> String { data.map { String(decoding: $0, as: UTF8.self) } ?? "" }

/// The values of every `href="…"` and `src="…"` attribute in an HTML text.
func linkTargets(in html: String) -> [String] {
    html.matches(of: /(?:href|src)="([^"]*)"/).map { String($0.output.1) }
}

/// Unescapes the five XML entities.
func unescapeXML(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}
