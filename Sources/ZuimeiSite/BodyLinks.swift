import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiRules

/// Where the links of one Markdown body lead, from any page that shows it: its own page, a
/// translation's page, the study booklet, a feed. The one answer for all of them (issue 25:
/// three resolvers had disagreed), so a link reaches the same target from each:
/// - a link to a content file (`../x.md`, `/stories/2021/x.md#part`) goes to its page (in the
///   page's language when it is translated), naming `index.html` from a page, a directory in a feed;
/// - an anchor (`#part`) goes to the body's own page: kept as it is there, else that page's
///   `index.html#part` (a folder would not open from `file://`);
/// - a relative link (`photo.jpg`, `../x/a.pdf`) goes to the file beside the body (its folder),
///   never above the site's root (`..` and its encoded forms `%2e%2e` are resolved here);
///   a root-relative one (`/assets/x.pdf`) to the site's root, never the server's, so a copy
///   under a sub-path keeps it;
/// - a web address (`https:`, `mailto:`, `//host/`) is kept; a `data:` URL is removed.
///
/// Paths are resolved as written (`..` and `.` taken out, a query and fragment kept): no byte is
/// percent-encoded here. The Markdown renderer encodes the result once when it writes it
/// (`[a](foo%20bä)` stays `foo%20b%C3%A4`, never `foo%2520…`).
struct BodyLinks {
    let index: ContentIndex
    /// The body's file, relative to the content directory (for links to content files).
    let source: String
    /// The folder where the body's files are published (`stories/2021/x/`).
    let folder: String
    /// In a translated site, the page of a content file in its language, by the original's folder.
    var translated: [String: PagePath] = [:]

    /// Where the link is shown.
    enum Place {
        /// On the page at this path: links relative to it. (On the body's own page, a relative
        /// link is left as written.)
        case page(PagePath)
        /// In a feed: absolute links at the site's address.
        case origin(String)
    }

    /// The link's new destination, or nil to leave it as written.
    func href(_ destination: String, from place: Place) -> String? {
        if isDataURL(destination) { return "" }  // never published, not even in a preview
        switch index.resolve(destination, from: source) {
        case .missing:
            return nil
        case .page(let target, let fragment):
            let page = translated[target.directory] ?? PagePath(target.directory)
            let hash = fragment.map { "#" + $0 } ?? ""
            switch place {
            case .page(let from): return from.href(to: page) + hash
            case .origin(let base): return page.absolute(base: base) + hash
            }
        case .other:
            break
        }
        if destination.hasPrefix("#") {
            switch place {
            case .page(let from): return from.directory == folder ? nil : from.href(to: PagePath(folder)) + destination
            case .origin(let base): return base + folder + destination
            }
        }
        guard let path = Self.sitePath(destination, in: folder) else { return nil }
        switch place {
        case .page(let from):
            // From the body's own folder a plain relative link needs nothing. A root-relative one
            // does, and so does one that climbs (`..`: kept inside the site) or whose first segment
            // has a colon (`foo):`, which some parsers take for a scheme).
            if from.directory == folder, Self.isPlain(destination) { return nil }
            return from.root + Self.namingFile(path)
        case .origin(let base):
            return base + path
        }
    }

    /// The site-relative path a link written in `folder` leads to, with its query and fragment;
    /// nil for a web address, a `//host` link or an anchor. `..` above the site's root stays at it.
    static func sitePath(_ destination: String, in folder: String) -> String? {
        guard !destination.isEmpty, !destination.hasPrefix("#"), !destination.hasPrefix("//"), !hasScheme(destination) else {
            return nil
        }
        let end = destination.firstIndex { $0 == "?" || $0 == "#" } ?? destination.endIndex
        let path = destination[..<end]
        let rest = destination[end...]
        var parts: [Substring] = path.hasPrefix("/") ? [] : folder.split(separator: "/")
        let written = path.split(separator: "/", omittingEmptySubsequences: false)
        for part in written {
            switch dotSegment(part) {
            case "", ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        // A path that names a folder (ends in `/`, `.` or `..`) keeps its slash.
        let isFolder = path.isEmpty || path.hasSuffix("/") || written.last.map { [".", ".."].contains(dotSegment($0)) } == true
        var result = parts.joined(separator: "/")
        if isFolder, !result.isEmpty { result += "/" }
        return result + rest
    }

    /// A relative link to a file below the folder it is written in, already in the form `sitePath`
    /// gives it: no dot segment (`.`, `..`, `%2e%2e` as browsers read it), no empty one (`a//b`),
    /// not a folder (which a link from a page names by its `index.html`), and no first segment a
    /// parser could take for a scheme (`foo):`).
    static func isPlain(_ destination: String) -> Bool {
        guard !destination.hasPrefix("/") else { return false }
        let end = destination.firstIndex { $0 == "?" || $0 == "#" } ?? destination.endIndex
        let segments = destination[..<end].split(separator: "/", omittingEmptySubsequences: false)
        return !segments.contains { [".", "..", ""].contains(dotSegment($0)) } && !(segments.first?.contains(":") ?? false)
    }

    /// A path segment as a URL parser reads it for `.` and `..`: `%2e` (either case) is a dot,
    /// so `%2e%2e` and `.%2E` climb like `..` (WHATWG URL, "single-dot" and "double-dot" segments).
    static func dotSegment(_ segment: Substring) -> String {
        guard segment.count <= 6, segment.contains("%") else { return String(segment) }
        let decoded = segment.lowercased().replacingOccurrences(of: "%2e", with: ".")
        return decoded == "." || decoded == ".." ? decoded : String(segment)
    }

    /// A folder's path names its `index.html` (a link from a page must open from `file://` too).
    static func namingFile(_ path: String) -> String {
        let end = path.firstIndex { $0 == "?" || $0 == "#" } ?? path.endIndex
        let file = path[..<end]
        guard file.isEmpty || file.hasSuffix("/") else { return path }
        return file + "index.html" + path[end...]
    }

    /// `https:`, `mailto:`: a scheme before any `/`, `?` or `#`.
    static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}
