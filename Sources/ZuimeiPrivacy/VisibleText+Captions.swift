import Foundation

extension VisibleText {
    /// The text of a WebVTT file's cues as a viewer meets them, one after another: each cue's
    /// lines after its timing line, without the header, the cue identifiers, the timings and
    /// the NOTE, STYLE and REGION blocks (but a block with a timing is a cue, as browsers read
    /// it, whatever its first line), joined by line breaks. Read with `ScanKind.captions`,
    /// its tags (timestamps `<00:00.500>` included) removed, a value split across two cues, or
    /// by a cue's timestamp tag, reads as the viewer sees it.
    public static func cueText(ofCaptions data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var payload: [Substring] = []
        var block: [Substring] = []
        func flush() {
            defer { block = [] }
            // A cue is a block with a timing on its first or second line, whatever its first line
            // says (browsers show "NOTE 1" followed by a timing as a cue with that identifier).
            guard let timing = block.firstIndex(where: { $0.contains("-->") }), timing <= 1 else { return }
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
