import ZuimeiContent

/// What a build works out that the next build in the same process can reuse
/// when its input is exactly the same: `zuimei serve` keeps one across
/// rebuilds, so a saved story costs the work of that story, not of the site.
/// Every entry is found by comparing the whole input (a story's text, place
/// and files), never by time stamps; the incremental property test holds a
/// rebuild with it byte for byte equal to a clean build.
public final class BuildMemo: Sendable {
    /// Stories as parsed.
    public let parsed = ParseMemo()

    public init() {}
}
