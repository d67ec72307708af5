import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiPrivacy
import ZuimeiServe

/// What `make fuzz` feeds with random bytes, one parser per input: the first byte picks it,
/// the rest is its input. A crash or a sanitizer report is a bug; the input that found it is
/// kept in `Tests/fuzz/regressions/`, which `make test` runs through here again.
public enum Harness {
    /// The parsers, by the first byte of an input (modulo their count). A new one is a new case,
    /// and the switch in `run` will not compile until it is fed.
    public enum Target: Int, CaseIterable, Sendable {
        case storyFrontMatter, markdownLinks, manifest, dates, servedPath, webVTT, httpRequestHead, pdf

        public var name: String {
            switch self {
            case .storyFrontMatter: "story front matter"
            case .markdownLinks: "markdown links"
            case .manifest: "SHA256SUMS"
            case .dates: "dates"
            case .servedPath: "served path"
            case .webVTT: "WebVTT"
            case .httpRequestHead: "HTTP request head"
            case .pdf: "PDF"
            }
        }
    }

    public static var targets: [String] { Target.allCases.map(\.name) }

    /// The private-data guard's reading of a PDF (objects, filters, object streams, fonts' maps).
    static let pdfMatcher = Matcher([Needle(folded: Array("13912340003".unicodeScalars.map(\.value)), id: 0)])

    /// Runs the target the first byte picks on the rest; returns that target (nil for no bytes).
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Target? {
        guard let selector = bytes.first else { return nil }
        let target = Target.allCases[Int(selector) % Target.allCases.count]
        run(target, Array(bytes.dropFirst()))
        return target
    }

    public static func run(_ target: Target, _ rest: [UInt8]) {
        let text = String(decoding: rest, as: UTF8.self)
        switch target {
        case .storyFrontMatter:
            _ = parseStoryBytes(Data(rest))
        case .markdownLinks:
            // Links as the build rewrites them: content links to pages, everything else kept.
            _ = renderMarkdown(text) { link in link.destination.hasSuffix(".md") ? "../x/index.html" : nil }
            _ = plainText(ofMarkdown: text)
        case .manifest:
            _ = Manifest.parse(text)
        case .dates:
            _ = Day(text)
            _ = YearMonth(text)
        case .servedPath:
            _ = servedSegments(for: text)
            _ = isAllowedHost(text)
        case .webVTT:
            _ = WebVTT.problems(in: Data(rest))
        case .pdf:
            _ = pdfMatcher.scan(Data(rest), kind: .binary, path: "fuzz.pdf")
        case .httpRequestHead:
            // The dev server's request heads: however TCP splits the bytes, the same decision.
            let whole = requestHeadStatus(rest, chunk: rest.count + 1)
            precondition(requestHeadStatus(rest, chunk: 1) == whole && requestHeadStatus(rest, chunk: 3) == whole)
        }
    }
}
