import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiTemplates

/// Stage: the private-data guard. After templating, every generated file is
/// searched for every value found under any story's `private:` key (4
/// characters or more), as written and as HTML or XML escapes it. A match fails
/// the build naming the story's key, the output file and the template: it
/// catches a template that prints something it should not.
///
/// One pass over each file: the first four bytes of every needle index a
/// table, so the cost is linear in the output's size whatever the number of
/// private values.
struct PrivateDataGuard {
    private let finder: NeedleFinder?
    private let templates: TemplateSet
    private var reported = Set<String>()

    init(stories: [Story], templates: TemplateSet) {
        var needles: [Needle] = []
        for story in stories {
            for entry in story.privateValues where entry.value.count >= 4 {
                let location = story.location(of: entry.key)
                for form in Set([entry.value, escapeXML(entry.value), escapeHTML(entry.value)]) {
                    needles.append(Needle(bytes: Array(form.utf8), key: entry.key, location: location))
                }
            }
        }
        finder = needles.isEmpty ? nil : NeedleFinder(needles)
        self.templates = templates
    }

    /// Searches a batch of generated files; each leak is reported once.
    mutating func scan(_ files: [PlannedFile]) -> [Diagnostic] {
        guard let finder else { return [] }
        var diagnostics: [Diagnostic] = []
        for planned in files {
            guard case .bytes(let data) = planned.file.body else { continue }
            for needle in finder.matches(in: data) {
                let id = "\(needle.location)|\(needle.key)|\(planned.file.path)"
                guard reported.insert(id).inserted else { continue }
                // Name the template whose own text holds the value, else the page's template.
                let value = String(decoding: needle.bytes, as: UTF8.self)
                let template = templates.name(containing: value) ?? planned.template ?? "(none)"
                diagnostics.append(Diagnostic(needle.location, .privateDataLeak(
                    key: needle.key, output: planned.file.path, template: template)))
            }
        }
        return diagnostics
    }
}

struct Needle {
    var bytes: [UInt8]
    var key: String
    var location: SourceLocation
}

/// Finds many byte strings in one pass: candidates are looked up by the four
/// bytes at each position, then compared in full.
struct NeedleFinder {
    private var byPrefix: [UInt32: [Needle]] = [:]
    private var filter = [Bool](repeating: false, count: 1 << 16)

    init(_ needles: [Needle]) {
        for needle in needles where needle.bytes.count >= 4 {
            let key = Self.prefix(needle.bytes, at: 0)
            byPrefix[key, default: []].append(needle)
            filter[Int(Self.hash(key))] = true
        }
    }

    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
    }

    static func prefix(_ bytes: [UInt8], at index: Int) -> UInt32 {
        bytes.withUnsafeBufferPointer { prefix($0, at: index) }
    }

    static func hash(_ key: UInt32) -> UInt32 { (key &* 2_654_435_761) >> 16 }

    func matches(in data: Data) -> [Needle] {
        guard data.count >= 4 else { return [] }
        var found: [Needle] = []
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for index in 0...(bytes.count - 4) {
                let key = Self.prefix(bytes, at: index)
                guard filter[Int(Self.hash(key))], let candidates = byPrefix[key] else { continue }
                for needle in candidates where index + needle.bytes.count <= bytes.count {
                    var equal = true
                    for offset in 4..<needle.bytes.count where bytes[index + offset] != needle.bytes[offset] {
                        equal = false
                        break
                    }
                    if equal { found.append(needle) }
                }
            }
        }
        return found
    }
}

/// What Mustache's `{{x}}` makes of a value.
func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}
