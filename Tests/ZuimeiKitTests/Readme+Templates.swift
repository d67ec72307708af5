import Foundation
import Testing

/// The README's "Templates" section names every template of the built-in
/// theme, and no template that does not exist.
@Suite struct ReadmeTemplatesTests {
    @Test func theReadmeNamesExactlyTheThemesTemplates() throws {
        let readme = try String(contentsOf: Fixture.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Templates").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        let prose = section.components(separatedBy: "A file with the same").first ?? section
        let named = Set(prose.matches(of: /`([a-z0-9\/-]+)`/).map { String($0.output.1) })
        let directory = Fixture.repository.appendingPathComponent("Sources/ZuimeiTheme/Theme/templates")
        var templates = Set<String>()
        for relative in FileManager.default.enumerator(atPath: directory.path)?.compactMap({ $0 as? String }) ?? []
            where relative.hasSuffix(".mustache") {
            templates.insert(String(relative.dropLast(".mustache".count)))
        }
        #expect(!templates.isEmpty)
        // The blocks a template offers (`{{$content}}`) are named too, as blocks.
        let base = try String(contentsOf: directory.appendingPathComponent("base.mustache"), encoding: .utf8)
        let blocks = Set(base.matches(of: /\{\{\$([a-z0-9-]+)\}\}/).map { String($0.output.1) })
        #expect(named.subtracting(templates) == blocks)
        let pages = named.subtracting(blocks)
        #expect(pages == templates, "README names \(pages.subtracting(templates).sorted()), misses \(templates.subtracting(pages).sorted())")
    }
}
