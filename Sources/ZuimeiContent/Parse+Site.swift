import Foundation
import Yams
import ZuimeiDiagnostics

/// `site.yml`: the site, its languages and its vocabularies.
extension Parse {
    static func site(_ yaml: String, file: String) -> (SiteConfig?, [Diagnostic]) {
        let (parsed, errors) = FieldReader.parse(yaml, file: file, lineOffset: 0, known: SiteConfig.keys, what: "site.yml")
        guard var reader = parsed else { return (nil, errors) }
        let title: String? = reader.required("title", expected: "text")
        let description: String = reader.optional("description", expected: "text") ?? ""
        var baseURL: String? = reader.required("base_url", expected: "a URL")
        let language: String = reader.optional("language", expected: "a language tag such as zh-Hans") ?? "zh-Hans"
        let feedItems: Int = reader.optional("feed_items", expected: "a whole number") ?? SiteConfig.defaultFeedItems
        if feedItems < 1 { reader.report(.wrongType(key: "feed_items", expected: "a whole number of at least 1"), at: "feed_items") }
        if let url = baseURL {
            let normalised = url.hasSuffix("/") ? url : url + "/"
            // Printed into every page, feed and the sitemap: nothing that needs escaping (white
            // space, quotes, angle brackets, backslashes, controls) and no user:password@.
            let unsafe = normalised.unicodeScalars.contains { scalar in
                scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
                    || "\"'<>\\`{}|^".unicodeScalars.contains(scalar)
            }
            let authority = normalised.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(2).first ?? ""
            if !unsafe, !authority.contains("@"), let parsed = URL(string: normalised),
               ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
               parsed.host?.isEmpty == false, parsed.user == nil, parsed.password == nil, parsed.query == nil, parsed.fragment == nil {
                baseURL = normalised
                if let host = parsed.host?.lowercased(), isPlaceholder(host: host) {
                    reader.report(.placeholderBaseURL(value: url, host: host), at: "base_url", severity: .warning)
                }
            } else {
                reader.report(.badBaseURL(value: url), at: "base_url")
                baseURL = nil
            }
        }
        if !isLanguageTag(language) {
            reader.report(.wrongType(key: "language", expected: "a language tag such as zh-Hans"), at: "language")
        }
        let (languages, listed) = siteLanguages(&reader, default: language)
        let codes = languages.dropFirst().map(\.code)
        // A language listed but refused has its own error: its term names are not unknown keys too.
        let prefectures = terms(&reader, "prefectures", kind: "prefecture", languages: codes, listed: listed)
        let programs = terms(&reader, "programs", kind: "programme", languages: codes, listed: listed)
        let fields = terms(&reader, "fields", kind: "field", languages: codes, listed: listed)
        let all = errors + reader.diagnostics
        guard let title, let baseURL, !all.hasErrors else { return (nil, all) }
        var config = SiteConfig(title: title, description: description, baseURL: baseURL, language: language,
                                feedItems: feedItems, prefectures: prefectures, programs: programs, fields: fields,
                                locations: reader.locations)
        config.languages = languages
        return (config, all)
    }

    /// `languages:`: the site's languages, each `{code, name, direction, prefix, title, description}`.
    /// The default (`language:`) is first, at the site's root, listed or not; every other one
    /// has a prefix (`ug/`, by default its code's first part) that no section of the site takes.
    private static func siteLanguages(_ reader: inout FieldReader, default code: String) -> ([SiteLanguage], listed: [String]) {
        // The default's name, when `languages:` does not give it, is the theme's (`language.zh-Hans`).
        let defaultName = ""
        var result = [SiteLanguage(code: code, name: defaultName, direction: SiteLanguage.direction(of: code), prefix: "")]
        var listed: [String] = []
        guard let node = reader.node("languages") else { return (result, listed) }
        guard let sequence = node.sequence else {
            reader.report(.wrongType(key: "languages", expected: "a list of {code: …, name: …, direction: …, prefix: …}"), at: node)
            return (result, listed)
        }
        // Every page lists every language (the switcher): a bound keeps that from growing without end.
        if sequence.count > maximumLanguages {
            reader.report(.wrongType(key: "languages", expected: "a list of at most \(maximumLanguages) languages"), at: node)
            return (result, listed)
        }
        var prefixes = Set<String>()
        for (index, item) in sequence.enumerated() {
            let path = "languages[\(index)]"
            guard let mapping = item.mapping else {
                reader.report(.wrongType(key: path, expected: "a mapping {code: …, name: …, direction: …, prefix: …}"), at: item)
                continue
            }
            checkKeys(mapping, known: SiteLanguage.keys, reader: &reader)
            func text(_ key: String) -> String? {
                guard let value = mapping[key] else { return nil }
                guard let string = value.scalar?.string, !string.isEmpty else {
                    reader.report(.wrongType(key: "\(path).\(key)", expected: "text"), at: value)
                    return nil
                }
                return string
            }
            guard let tag = text("code") else {
                if mapping["code"] == nil { reader.report(.missingKey(key: "\(path).code"), at: item) }
                continue
            }
            listed.append(tag)
            // Translations are named with the code (`x.ug.md`), whose first part is lowercase.
            guard isLanguageTag(tag), tag.prefix(while: { $0 != "-" }).allSatisfy(\.isLowercase) else {
                reader.report(.wrongType(key: "\(path).code", expected: "a language tag such as ug or kk-Arab (its first part lowercase)"),
                              at: mapping["code"]!)
                continue
            }
            let direction = text("direction") ?? SiteLanguage.direction(of: tag)
            if !["ltr", "rtl"].contains(direction) {
                reader.report(.invalidValue(key: "\(path).direction", value: direction, allowed: ["ltr", "rtl"]), at: mapping["direction"]!)
                continue
            }
            let name = text("name")
            if tag.lowercased() == code.lowercased() {  // the default: its name and direction; it stays at the root
                if let prefix = mapping["prefix"], prefix.scalar?.string.isEmpty == false {
                    reader.report(.invalidValue(key: "\(path).prefix", value: prefix.scalar?.string ?? "", allowed: [""]), at: prefix)
                }
                result[0].name = name ?? defaultName
                result[0].direction = direction
                continue
            }
            guard let name else {
                if mapping["name"] == nil { reader.report(.missingKey(key: "\(path).name"), at: item) }
                continue
            }
            var prefix = text("prefix") ?? String(tag.split(separator: "-")[0]).lowercased()
            if prefix.hasSuffix("/") { prefix.removeLast() }
            guard isSlug(prefix), !Routes.sections.contains(prefix + "/") else {
                reader.report(.badSlug(slug: prefix), at: mapping["prefix"] ?? mapping["code"]!)
                continue
            }
            guard !result.contains(where: { $0.code.lowercased() == tag.lowercased() }) else {
                reader.report(.duplicateTerm(kind: "language", value: tag), at: mapping["code"]!)
                continue
            }
            guard prefixes.insert(prefix).inserted else {
                reader.report(.duplicateTerm(kind: "language prefix", value: prefix), at: mapping["prefix"] ?? mapping["code"]!)
                continue
            }
            result.append(SiteLanguage(code: tag, name: name, direction: direction, prefix: prefix + "/",
                                       title: text("title"), description: text("description")))
        }
        return (result, listed)
    }

    /// The most languages a site lists besides its default.
    static let maximumLanguages = 32

    /// A host no site is published at: the documentation domains (RFC 2606: example.com,
    /// .org and .net, and the .example, .test, .invalid and .localhost names) and this machine.
    static func isPlaceholder(host: String) -> Bool {
        let host = host.hasSuffix(".") ? String(host.dropLast()) : host
        for domain in ["example.com", "example.org", "example.net", "localhost"] where host == domain || host.hasSuffix("." + domain) {
            return true
        }
        if ["example", "test", "invalid", "localhost"].contains(where: { host.hasSuffix("." + $0) }) { return true }
        return ["127.0.0.1", "0.0.0.0", "[::1]", "::1"].contains(host) || host.hasPrefix("127.")
    }

    private static func terms(_ reader: inout FieldReader, _ key: String, kind: String, languages: [String],
                              listed: [String]) -> [Term] {
        guard let node = reader.node(key) else { return [] }
        guard let sequence = node.sequence else {
            reader.report(.wrongType(key: key, expected: "a list of {name: …, slug: …}"), at: node)
            return []
        }
        var result: [Term] = []
        var names = Set<String>(), slugs = Set<String>()
        var translatedNames: [String: Set<String>] = [:]
        var nameNodes: [String: Node] = [:]
        for (index, item) in sequence.enumerated() {
            let path = "\(key)[\(index)]"
            guard let mapping = item.mapping else {
                reader.report(.wrongType(key: path, expected: "a mapping {name: …, slug: …}"), at: item)
                continue
            }
            // The name in another language is under the language's code: `{name: 伊犁…, slug: ili, ug: ئىلى…}`.
            checkKeys(mapping, known: ["name", "slug"] + listed, reader: &reader)
            guard var term = reader.decode(Term.self, from: item, key: path, expected: "a mapping {name: …, slug: …}") else { continue }
            for language in languages {
                guard let value = mapping[language] else { continue }
                guard let name = value.scalar?.string, !name.trimmingCharacters(in: .whitespaces).isEmpty,
                      !name.contains(where: \.isNewline) else {
                    reader.report(.wrongType(key: "\(path).\(language)", expected: "text on one line"), at: value)
                    continue
                }
                // Two terms shown under one name would share a page: the names differ in each language.
                let shown = name.precomposedStringWithCompatibilityMapping
                if !translatedNames[language, default: []].insert(shown).inserted {
                    reader.report(.duplicateTerm(kind: kind, value: name), at: value)
                    continue
                }
                term.names[language] = name
                nameNodes[term.slug + "\u{0}" + language] = value
            }
            if !isSlug(term.slug) {
                reader.report(.badSlug(slug: term.slug), at: mapping["slug"] ?? item)
                continue
            }
            // A zero-width space (or any invisible format character) makes a second term that
            // looks exactly like the first; look-alikes are compared in NFKC, without them.
            if term.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .format }) {
                reader.report(.invisibleInTerm(kind: kind, value: term.name), at: mapping["name"] ?? item)
                continue
            }
            if !names.insert(term.name.precomposedStringWithCompatibilityMapping).inserted {
                reader.report(.duplicateTerm(kind: kind, value: term.name), at: mapping["name"] ?? item)
                continue
            }
            if !slugs.insert(term.slug).inserted {
                reader.report(.duplicateTerm(kind: kind, value: term.slug), at: mapping["slug"] ?? item)
                continue
            }
            result.append(term)
        }
        // A name given in a language may not be the name another term keeps there untranslated.
        for language in languages {
            let kept = Set(result.filter { $0.names[language] == nil }.map { $0.name.precomposedStringWithCompatibilityMapping })
            for term in result {
                guard let name = term.names[language], kept.contains(name.precomposedStringWithCompatibilityMapping),
                      let node = nameNodes[term.slug + "\u{0}" + language] else { continue }
                reader.report(.duplicateTerm(kind: kind, value: name), at: node)
            }
        }
        return result
    }
}
