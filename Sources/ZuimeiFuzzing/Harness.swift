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
    public static let targets = ["story front matter", "markdown links", "SHA256SUMS", "dates", "served path", "WebVTT", "HTTP request head",
                                 "PDF"]

    /// The private-data guard's reading of a PDF (objects, filters, object streams, fonts' maps).
    static let pdfMatcher = Matcher([Needle(folded: Array("13912340003".unicodeScalars.map(\.value)), id: 0)])

    public static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        let text = String(decoding: rest, as: UTF8.self)
        switch Int(selector) % targets.count {
        case 0:
            _ = parseStoryBytes(Data(rest))
        case 1:
            // Links as the build rewrites them: content links to pages, everything else kept.
            _ = renderMarkdown(text) { link in link.destination.hasSuffix(".md") ? "../x/index.html" : nil }
            _ = plainText(ofMarkdown: text)
        case 2:
            _ = Manifest.parse(text)
        case 3:
            _ = Day(text)
            _ = YearMonth(text)
        case 4:
            _ = servedSegments(for: text)
            _ = isAllowedHost(text)
        case 5:
            _ = WebVTT.problems(in: Data(rest))
        case 7:
            _ = pdfMatcher.scan(Data(rest), kind: .binary, path: "fuzz.pdf")
        default:
            // The dev server's request heads: however TCP splits the bytes, the same decision.
            let whole = requestHeadStatus(rest, chunk: rest.count + 1)
            precondition(requestHeadStatus(rest, chunk: 1) == whole && requestHeadStatus(rest, chunk: 3) == whole)
        }
    }
}
