import Testing
@testable import ZuimeiTemplates

struct Person: TemplateContext {
    var name: String
    var items: [String]

    func child(named key: String) -> TemplateValue? {
        switch key {
        case "name": .string(name)
        case "items": TemplateValue(items)
        default: nil
        }
    }
}

@Suite struct TemplateSetTests {
    func set(_ templates: [String: String]) -> Result<TemplateSet, TemplateErrors> {
        TemplateSet.make(templates.map { TemplateSource(name: $0.key, text: $0.value, path: "t/\($0.key).mustache") })
    }

    @Test func inheritanceAndPartials() throws {
        let result = set([
            "base": "<main>{{$content}}default{{/content}}</main>{{> footer}}",
            "footer": "<footer>{{name}}</footer>",
            "page": "{{<base}}{{$content}}<h1>{{name}}</h1>{{/content}}{{/base}}",
        ])
        let templates = try result.get()
        #expect(try templates.render(Person(name: "阿依", items: []), with: "page")
                == "<main><h1>阿依</h1></main><footer>阿依</footer>")
    }

    @Test func escapesByDefault() throws {
        let templates = try set(["t": "{{name}}|{{{name}}}"]).get()
        #expect(try templates.render(Person(name: "<b>\"&'", items: []), with: "t")
                == "&lt;b&gt;&quot;&amp;&#39;|<b>\"&'")
    }

    /// A value that names its own interpolation prints it (escaped unless asked not to);
    /// any other object prints nothing, and a section on either opens it.
    @Test func anObjectPrintsItsInterpolation() throws {
        struct Shown: TemplateContext {
            var text: String
            func child(named key: String) -> TemplateValue? { key == "text" ? .string(text) : nil }
            var interpolation: String? { text }
        }
        struct Page: TemplateContext {
            func child(named key: String) -> TemplateValue? {
                switch key {
                case "title": .object(Shown(text: "<伊犁>"))
                case "person": .object(Person(name: "x", items: []))
                default: nil
                }
            }
        }
        let templates = try set(["t": "{{title}}|{{{title}}}|{{#title}}[{{text}}]{{/title}}|{{person}}|"]).get()
        #expect(try templates.render(Page(), with: "t") == "&lt;伊犁&gt;|<伊犁>|[&lt;伊犁&gt;]||")
    }

    /// A partial inside a line of an indented partial is not indented again; its later lines are.
    @Test func anInlinePartialInAnIndentedPartialKeepsItsFirstLine() throws {
        let templates = try set(["page": "<ul>\n  {{> item}}\n</ul>", "item": "<li>{{> name}}</li>\n", "name": "{{name}}\n!"]).get()
        #expect(try templates.render(Person(name: "阿依", items: []), with: "page") == "<ul>\n  <li>阿依\n  !</li>\n</ul>")
    }

    @Test func aMissingPartialIsAnError() {
        let result = set(["page": "line one\n  {{> partials/missing}}\n"])
        guard case .failure(let failure) = result else { Issue.record("expected a failure"); return }
        #expect(failure.errors == [TemplateError(template: "page", path: "t/page.mustache", line: 2, column: 3,
                                                 kind: .missingPartial("partials/missing"))])
    }

    @Test func aMissingParentIsAnError() {
        let result = set(["page": "{{<layout}}{{$content}}x{{/content}}{{/layout}}"])
        guard case .failure(let failure) = result else { Issue.record("expected a failure"); return }
        #expect(failure.errors.map(\.kind) == [.missingParent("layout")])
    }

    @Test func aSyntaxErrorHasItsLine() {
        let result = set(["page": "ok\n{{#items}}\nunclosed\n"])
        guard case .failure(let failure) = result else { Issue.record("expected a failure"); return }
        #expect(failure.errors.count == 1)
        if case .syntax = failure.errors[0].kind {} else { Issue.record("expected a syntax error") }
        #expect(failure.errors[0].line >= 2)
    }

    @Test func anUnknownTemplateNameThrows() throws {
        let templates = try set(["t": "x"]).get()
        #expect(throws: TemplateError.self) { try templates.render(Person(name: "", items: []), with: "nope") }
    }

    @Test func laterSourcesOverrideEarlierOnes() throws {
        let templates = try TemplateSet.make([
            TemplateSource(name: "t", text: "theme", path: "theme/t.mustache"),
            TemplateSource(name: "t", text: "site", path: "site/t.mustache"),
        ]).get()
        #expect(try templates.render(Person(name: "", items: []), with: "t") == "site")
    }

    @Test func partialsThatIncludeEachOtherAreAnError() {
        let result = set(["a": "x\n{{> b}}", "b": "{{#items}}ok{{/items}}{{> a}}", "page": "{{> a}}"])
        guard case .failure(let failure) = result else { Issue.record("expected a failure"); return }
        #expect(failure.errors == [TemplateError(template: "b", path: "t/b.mustache", line: 1, column: 23,
                                                 kind: .cycle(["a", "b", "a"]))])
        let itself = set(["self": "{{> self}}"])
        guard case .failure(let own) = itself else { Issue.record("expected a failure"); return }
        #expect(own.errors.map(\.kind) == [.cycle(["self", "self"])])
    }

    @Test func aRecursionThatDataNeverEndsStopsWithAnError() throws {
        // Inside a section the include may end with the data, so it loads; this data never ends it.
        let templates = try set(["r": "{{#name}}{{> r}}{{/name}}"]).get()
        #expect(throws: TemplateError.self) { try templates.render(Person(name: "x", items: []), with: "r") }
    }

    @Test func escapingIsByByteSoACombiningMarkCannotHideAQuote() throws {
        let templates = try set(["t": "<a title=\"{{name}}\">"]).get()
        #expect(try templates.render(Person(name: "\"\u{301} onmouseover=x", items: []), with: "t")
                == "<a title=\"&quot;\u{301} onmouseover=x\">")
    }
}
