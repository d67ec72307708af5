import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiImages
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiRules

/// Re-encoded photos, kept in `.zuimei-cache/images/` beside the content
/// directory, named by the SHA-256 of the source's bytes and the encoder's
/// settings: a rebuild with unchanged photos decodes none, and the same
/// source always gives the same file. Without a cache to use (`zuimei check`,
/// a read-only disk, a cache that is not the user's alone: `CacheDirectory`),
/// in a private temporary folder of this process's, removed after the build.
struct ImageCache: Sendable {
    let directory: String
    /// Videos without their metadata.
    let videoDirectory: String
    /// Photos looked up by an earlier build in this process (`zuimei serve`).
    let memo: ImageMemo?

    /// False for `zuimei check`: what is not in the cache is made in the private temporary folder.
    let writable: Bool

    /// The build's private temporary folder.
    let scratch: PrivateTemporaryDirectory

    init(cache: CacheDirectory?, scratch: PrivateTemporaryDirectory, memo: ImageMemo? = nil) {
        self.memo = memo
        self.scratch = scratch
        if let cache, let images = cache.subdirectory("images"), let videos = cache.subdirectory("videos") {
            (directory, videoDirectory, writable) = (images, videos, cache.writable)
        } else {
            let temporary = scratch.path() ?? NSTemporaryDirectory() + "zuimei-unavailable"
            (directory, videoDirectory, writable) = (temporary + "/images", temporary + "/videos", true)
        }
    }

    /// The cache beside `content`, as a build that writes uses it (tests).
    init(content: String, memo: ImageMemo? = nil) {
        self.init(cache: CacheDirectory.open(content: content, write: true).cache, scratch: PrivateTemporaryDirectory(), memo: memo)
    }

    struct Failure: Error {
        var reason: String
    }

    /// A cached photo is used only when it is a regular file (not a link put there) that
    /// Zuimei wrote for this user (`CacheDirectory.isTrusted`), of the right format and
    /// without metadata: never a way around the re-encoding. Its size, or nil to process
    /// the source again.
    static func trustedSize(_ path: String, format: ImageFormat) -> Int? { trusted(path, format: format)?.size }

    /// The same, with the photo's width and height from the same look at its header.
    static func trusted(_ path: String, format: ImageFormat) -> (size: Int, width: Int, height: Int)? {
        var info = stat()
        guard lstat(path, &info) == 0, CacheDirectory.isTrusted(info), info.st_size > 0,
              case .success(let facts) = Images.inspect(path: path), facts.format == format, !facts.hasMetadata else { return nil }
        return (Int(info.st_size), facts.width, facts.height)
    }

    struct Processed {
        var path: String
        var size: Int
        /// Width and height, when known from the look that trusted the cached photo.
        var dimensions: (width: Int, height: Int)?
        /// The photo's sizes for `srcset` and its Open Graph crop, each a file in the cache.
        var renditions: [CachedRendition] = []
        /// The source's metadata has a GPS position (remembered in the cached photo's name, `<key>.gps.jpeg`).
        var sourceHasGPS: Bool
    }

    func sanitized(source: String, as format: ImageFormat) -> Result<Processed, Failure> {
        // In serve: a source and a cached photo with the same device, inode, size and times as when
        // the last build read and checked them are what they were: neither is read again.
        let sourceKey = statKey(source).map { "\($0) \(format.rawValue)" }
        if let sourceKey, let known = memo?.processed(for: sourceKey), statKey(known.processed.path) == known.cached {
            return .success(known.processed)
        }
        let result = sanitizedAfresh(source: source, as: format).flatMap { withRenditions($0, format: format) }
        if let sourceKey, case .success(let processed) = result, let cached = statKey(processed.path) {
            memo?.remember(sourceKey, ImageMemo.Entry(processed: processed, cached: cached))
        }
        return result
    }

    private func sanitizedAfresh(source: String, as format: ImageFormat) -> Result<Processed, Failure> {
        guard let data = FileManager.default.contents(atPath: source) else {
            return .failure(Failure(reason: "the file cannot be read"))
        }
        // Whether the source had a GPS position is in the cached photo's name (`<key>.gps.jpeg`):
        // one file an entry, never a second one to create and look up.
        let key = sha256Hex(data + Data("\n\(Images.settingsVersion)\n\(format.rawValue)\ncache 2".utf8))
        let plain = directory + "/" + key + "." + format.rawValue
        let located = directory + "/" + key + ".gps." + format.rawValue
        if let found = Self.trusted(plain, format: format) {
            return .success(Processed(path: plain, size: found.size, dimensions: (found.width, found.height), sourceHasGPS: false))
        }
        if let found = Self.trusted(located, format: format) {
            return .success(Processed(path: located, size: found.size, dimensions: (found.width, found.height), sourceHasGPS: true))
        }
        switch Images.sanitize(path: source, as: format) {
        case .failure(let error):
            return .failure(Failure(reason: error.reason))
        case .success(let output):
            let hasGPS = (try? Images.inspect(path: source).get())?.hasGPS ?? false
            let path = hasGPS ? located : plain
            guard let written = store(output, at: path) else {
                return .failure(Failure(reason: "the re-encoded photo cannot be written to \(directory)"))
            }
            return .success(Processed(path: written, size: output.count, sourceHasGPS: hasGPS))
        }
    }
}

/// A rendition of a photo, kept in the cache beside it.
struct CachedRendition: Sendable, Equatable {
    var suffix: String
    var format: ImageFormat
    var width: Int
    var height: Int
    var path: String
    var size: Int

    /// The published name: `photo.png` → `photo-480w.jpg`.
    func name(for photo: String) -> String {
        if suffix.isEmpty { return photo }  // the photo itself
        let stem = (photo as NSString).deletingPathExtension
        return "\(stem)-\(suffix).\(format == .jpeg ? "jpg" : format.rawValue)"
    }
}

extension ImageCache {
    /// Puts `data` at `path` in the cache, mode 600, written beside it and renamed, so
    /// another build reading the cache never sees half a file, nor a moment with no file at
    /// all (two stories with the same photo store the same entry at once); a damaged or
    /// planted entry (a link) is replaced by the rename, never written through. When the
    /// folder cannot be written (a read-only disk), the bytes go to this process's private
    /// temporary folder, removed after the build. The path written, or nil.
    func store(_ data: Data, at path: String) -> String? {
        if writable {
            let folder = (path as NSString).deletingLastPathComponent
            if !FileManager.default.fileExists(atPath: folder) { mkdir(folder, 0o700) }
            if CacheDirectory.write(data, to: path) { return path }
        }
        guard let temporary = scratch.path() else { return nil }
        let fallback = temporary + "/fallback"
        mkdir(fallback, 0o700)
        let elsewhere = fallback + "/" + (path as NSString).lastPathComponent
        return CacheDirectory.write(data, to: elsewhere) ? elsewhere : nil
    }

    /// The renditions of a processed photo (`Images.renditions`), from the cache when every
    /// one is there and trusted as the photo itself is, else made from the cached photo.
    /// Named after it: `<key>[.gps]-r2-480w.jpeg` (r2: sizes decoded with shrink-on-load).
    func withRenditions(_ processed: Processed, format: ImageFormat) -> Result<Processed, Failure> {
        let facts: (width: Int, height: Int)
        if let known = processed.dimensions {
            facts = known
        } else if case .success(let read) = Images.inspect(path: processed.path) {
            facts = (read.width, read.height)
        } else {
            return .failure(Failure(reason: "the re-encoded photo cannot be read back"))
        }
        let base = (processed.path as NSString).deletingPathExtension + "-r2-"
        func path(_ suffix: String, _ format: ImageFormat) -> String { base + suffix + "." + format.rawValue }
        var expected = Images.renditionSizes(own: facts.width, format: format).map { (suffix: "\($0.width)w", format: $0.format) }
        if Images.hasOpenGraphCrop(width: facts.width, height: facts.height) { expected.append((suffix: "og", format: .jpeg)) }
        let ownIsARendition = format == .jpeg && facts.width <= Images.widths.last!
        /// The photo itself, when it is one of its sizes (published under its own name).
        let own = ownIsARendition ? [CachedRendition(suffix: "", format: .jpeg, width: facts.width, height: facts.height,
                                                     path: processed.path, size: processed.size)] : []
        var found: [CachedRendition] = []
        for (suffix, kind) in expected {
            guard let cached = Self.trusted(path(suffix, kind), format: kind) else { break }
            found.append(CachedRendition(suffix: suffix, format: kind, width: cached.width, height: cached.height,
                                         path: path(suffix, kind), size: cached.size))
        }
        var result = processed
        if found.count == expected.count {
            result.renditions = found + own
            return .success(result)
        }
        guard let data = FileManager.default.contents(atPath: processed.path) else {
            return .failure(Failure(reason: "the re-encoded photo cannot be read back"))
        }
        switch Images.renditions(of: data, format: format) {
        case .failure(let error):
            return .failure(Failure(reason: error.reason))
        case .success(let renditions):
            result.renditions = []
            for rendition in renditions {
                guard let written = store(rendition.data, at: path(rendition.suffix, rendition.format)) else {
                    return .failure(Failure(reason: "a resized photo cannot be written to \(directory)"))
                }
                result.renditions.append(CachedRendition(suffix: rendition.suffix, format: rendition.format, width: rendition.width,
                                                         height: rendition.height, path: written, size: rendition.data.count))
            }
            result.renditions += own
            return .success(result)
        }
    }
}

extension ImageCache {
    /// The copy of a video with `boxes` blanked, from the cache when it is there (a regular
    /// file of the source's size in which no metadata box is left), else written now.
    /// Named by the SHA-256 of the source's bytes and the blanking's version.
    func blankedVideo(_ source: String, boxes: [VideoMetadata.Box]) -> (path: String, size: Int)? {
        guard let digest = sha256Hex(ofFile: source) else { return nil }
        var info = stat()
        guard stat(source, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        let key = sha256Hex(Data("\(digest)\nvideo-metadata 1\n".utf8))
        let path = videoDirectory + "/" + key + "." + ((source as NSString).pathExtension.lowercased())
        var cached = stat()
        if lstat(path, &cached) == 0, CacheDirectory.isTrusted(cached), Int(cached.st_size) == size,
           case .success(let scan) = VideoMetadata.scan(path: path), scan.boxes.isEmpty {
            return (path, size)
        }
        if writable {
            if !FileManager.default.fileExists(atPath: videoDirectory) { mkdir(videoDirectory, 0o700) }
            let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            if VideoMetadata.writeBlanked(source: source, destination: temporary, boxes: boxes), chmod(temporary, 0o600) == 0,
               rename(temporary, path) == 0 {
                return (path, size)
            }
            unlink(temporary)
        }
        // The folder cannot be written (a read-only disk): this process's private temporary folder, removed after the build.
        guard let folder = scratch.path() else { return nil }
        mkdir(folder + "/fallback", 0o700)
        let fallback = folder + "/fallback/" + (path as NSString).lastPathComponent
        unlink(fallback)
        return VideoMetadata.writeBlanked(source: source, destination: fallback, boxes: boxes) ? (fallback, size) : nil
    }
}

/// A regular file's path, device, inode, size and times; nil for anything else.
func statKey(_ path: String) -> String? {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    let times = fileTimes(info)
    return "\(path) \(info.st_dev) \(info.st_ino) \(info.st_size) \(times.modified) \(times.changed)"
}

/// Photos processed or found in the cache by an earlier build in this process.
final class ImageMemo: @unchecked Sendable {
    struct Entry {
        var processed: ImageCache.Processed
        /// The cached photo's `statKey` when it was written or checked.
        var cached: String
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    func processed(for key: String) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func remember(_ key: String, _ entry: Entry) {
        lock.lock()
        entries[key] = entry
        lock.unlock()
    }
}
