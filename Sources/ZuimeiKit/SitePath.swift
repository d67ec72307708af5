/// A page's place in the site: its directory, `""` for the home page or
/// `stories/2021/ili-example/`. The page itself is that directory's `index.html`.
///
/// Links between pages are relative and name the `index.html` file, so the
/// site works under any sub-path and straight from disk (`file://`).
public struct PagePath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let directory: String

    public init(_ directory: String) {
        precondition(directory.isEmpty || directory.hasSuffix("/"), "a page directory ends in /")
        self.directory = directory
    }

    public static let home = PagePath("")

    /// `stories/2021/x/index.html`
    public var file: String { directory + "index.html" }

    /// `../../../` from this page back to the site's root.
    public var root: String { String(repeating: "../", count: directory.split(separator: "/").count) }

    /// A relative link from this page to another page.
    public func href(to other: PagePath) -> String { root + other.file }

    /// A relative link from this page to a file of the site (`assets/style.css`).
    public func href(toFile path: String) -> String { root + path }

    /// The page's absolute URL at the origin: `https://example.org/zuimei/stories/2021/x/`.
    public func absolute(base: String) -> String { base + directory }

    public var description: String { "/" + directory }

    public static func < (lhs: PagePath, rhs: PagePath) -> Bool { lhs.directory < rhs.directory }
}
