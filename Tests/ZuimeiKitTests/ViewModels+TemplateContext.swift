import Foundation
import Testing
import ZuimeiContent
import ZuimeiTemplates
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// Templates look view-model fields up through `TemplateContext.child(named:)`,
/// written by hand for speed. Every field of every view model of a real site
/// must answer there exactly what reflection sees.
@Suite struct TemplateContextTests {
    func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrap($0.value) } ?? nil
    }

    /// Whether a template value is what reflection sees in the field.
    func same(_ answered: TemplateValue, _ reflected: Any?) -> Bool {
        // A text's missing language answers false, so a section on it cannot find another context's.
        guard let reflected else {
            switch answered {
            case .null, .bool(false): return true
            default: return false
            }
        }
        switch answered {
        case .null: return false
        case .string(let text): return reflected as? String == text
        case .int(let number): return reflected as? Int == number
        case .bool(let truth): return reflected as? Bool == truth
        case .object(let context): return String(describing: context) == String(describing: reflected)
        case .list(let list):
            let mirror = Mirror(reflecting: reflected)
            guard mirror.displayStyle == .collection, mirror.children.count == list.count else { return false }
            return mirror.children.enumerated().allSatisfy { same(list.element(at: $0.offset), unwrap($0.element.value)) }
        }
    }

    func check(_ value: Any, path: String, seen: inout Set<String>) {
        guard let value = unwrap(value) else { return }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection {
            for (index, element) in mirror.children.enumerated() { check(element.value, path: "\(path)[\(index)]", seen: &seen) }
            return
        }
        // The string table answers phrases by key, not fields (`Theme+Strings` tests it).
        guard mirror.displayStyle == .struct, !(value is StringsNode) else { return }
        guard let context = value as? TemplateContext else {
            Issue.record("\(type(of: value)) at \(path) is not a TemplateContext: templates would reflect over it")
            return
        }
        seen.insert("\(type(of: value))")
        #expect(context.child(named: "no-such-field") == nil)
        for child in mirror.children {
            guard let label = child.label else { continue }
            #expect(same(context.child(named: label) ?? .null, unwrap(child.value)), "\(type(of: value)).\(label) at \(path)")
            check(child.value, path: "\(path).\(label)", seen: &seen)
        }
    }

    @Test func everyViewModelAnswersItsFieldsAsReflectionDoes() throws {
        let loaded = loadContent(from: Fixture.repository.appendingPathComponent("Content").path)
        let content = try #require(loaded.content)
        let site = render(publish(content, on: day("2021-11-20")), checking: content)
        let model = makeSiteModel(site)
        // Every page the build makes, from the build's own list: a new page kind cannot escape the check.
        let jobs = pageJobs(model)
        #expect(Set(jobs.map(\.template)).count >= 10)
        let views = PageViews(model: model, generator: "test")
        let pages = jobs.map { $0.view(views) }
        var seen = Set<String>()
        for page in pages { check(page, path: "\(type(of: page))", seen: &seen) }
        #expect(seen.count >= 25)
    }
}
