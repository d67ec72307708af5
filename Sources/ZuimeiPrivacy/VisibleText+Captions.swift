import Foundation

extension VisibleText {
    /// The text of a WebVTT file's cues as a viewer meets them, one after another: each cue's
    /// lines after its timing line, without the header, the cue identifiers, the timings and
    /// the NOTE, STYLE and REGION blocks, joined by line breaks. Read with `ScanKind.captions`,
    /// its tags (timestamps `<00:00.500>` included) removed, a value split across two cues, or
    /// by a cue's timestamp tag, reads as the viewer sees it.
    public static func cueText(ofCaptions data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var payload: [Substring] = []
        var block: [Substring] = []
        func flush() {
            defer { block = [] }
            guard let timing = block.firstIndex(where: { $0.contains("-->") }), timing <= 1 else { return }
            let first = block[0]
            if first.hasPrefix("NOTE") || first == "STYLE" || first == "REGION" || first.hasPrefix("WEBVTT") { return }
            payload += block[(timing + 1)...]
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else {
                block.append(line)
            }
        }
        flush()
        return Data(payload.joined(separator: "\n").utf8)
    }
}
