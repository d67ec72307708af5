import Foundation

/// An output file and what produced it, for diagnostics about collisions.
public struct PlannedFile: Sendable {
    public var file: OutputFile
    /// The content file (or theme file) it comes from.
    public var origin: String
    /// The template that wrote it, for generated pages.
    public var template: String? = nil
    /// The private-data guard searches its name, not its bytes: an image Zuimei decoded and
    /// re-encoded itself (compressed pixels, its metadata removed and checked as it was
    /// written: text found there would be chance, a build failed at random), or a shard of
    /// the search index (compressed postings, made from the texts in `search/t/`, which are
    /// searched: a value can be in a shard only if it is in one of those).
    public var nameOnly = false
    /// The guard searches what this makes of the file's bytes, not the bytes: for a file
    /// that packs its data (the search index's compressed texts), the data unpacked.
    public var readable: (@Sendable (Data) -> Data)? = nil
    /// The name whose kind `readable`'s bytes are searched as (`book.xhtml`: markup), when not the file's own.
    public var readableName: String? = nil

    public init(file: OutputFile, origin: String, template: String? = nil, nameOnly: Bool = false,
                readable: (@Sendable (Data) -> Data)? = nil) {
        self.file = file
        self.origin = origin
        self.template = template
        self.nameOnly = nameOnly
        self.readable = readable
    }
}

