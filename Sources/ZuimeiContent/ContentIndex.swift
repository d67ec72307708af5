import Foundation

/// Finds the page a Markdown link to a content file leads to:
/// `[…](../other-story.md)`, `[…](/stories/2021/x/index.md#part)`.
public struct ContentIndex: Sendable {
    public struct Target: Sendable, Equatable {
        /// The target page's directory in the site.
        public var directory: String
        /// Whether the target is published in this build.
        public var published: Bool
    }

    public enum Resolution: Sendable, Equatable {
        /// Not a link to a content file (a web address, an anchor, a photo beside the story).
        case other
        /// A content file's page, with the fragment (`#part`) if any.
        case page(Target, fragment: String?)
        /// A `.md` file that is not a page of the site.
        case missing
    }

    private var byPath: [String: Target] = [:]
    private var byStory: [String: Target] = [:]

    public init(_ content: Content, on day: Day, preview: Bool = false) {
        for story in content.stories {
            let target = Target(directory: story.outputDirectory, published: story.isPublished(on: day, preview: preview))
            byPath[story.source.relative] = target
            byStory[story.id] = target
        }
        for page in content.pages {
            byPath[page.source.relative] = Target(directory: page.outputDirectory, published: page.isPublished(preview: preview))
        }
        for material in content.study {
            byPath[material.source.relative] = Target(directory: material.outputDirectory,
                                                      published: material.isPublished(on: day, preview: preview))
        }
    }

    /// A story by its id, `2021/ili-example`.
    public func story(_ id: String) -> Target? { byStory[id] }

    /// Resolves a link written in the file `source` (relative to the content directory).
    public func resolve(_ destination: String, from source: String) -> Resolution {
        guard !destination.isEmpty, !destination.hasPrefix("#"), !destination.hasPrefix("//"),
              !hasScheme(destination) else { return .other }
        var rest = Substring(destination)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
        let path = rest.removingPercentEncoding ?? String(rest)
        guard path.lowercased().hasSuffix(".md") else { return .other }

        var parts: [Substring] = path.hasPrefix("/") ? [] : source.split(separator: "/").dropLast()
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return .missing }
                parts.removeLast()
            default: parts.append(component)
            }
        }
        guard let target = byPath[parts.joined(separator: "/")] else { return .missing }
        return .page(target, fragment: fragment)
    }

    private func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        return !scheme.isEmpty && !scheme.contains("/") && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }
}
