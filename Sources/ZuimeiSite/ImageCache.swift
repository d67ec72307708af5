import Foundation
import ZuimeiCache
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
public struct ImageCache: Sendable {
    let directory: String
    /// Videos without their metadata.
    let videoDirectory: String
    /// Photos looked up by an earlier build in this process (`zuimei serve`).
    let memo: ImageMemo?

    /// False for `zuimei check`: what is not in the cache is made in the private temporary folder.
    let writable: Bool

    /// The build's private temporary folder.
    let scratch: PrivateTemporaryDirectory

    public init(cache: CacheDirectory?, scratch: PrivateTemporaryDirectory, memo: ImageMemo? = nil) {
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
    /// Zuimei wrote for this user (`CacheDirectory.isTrusted`), holding exactly the bytes Zuimei
    /// wrote (the SHA-256 the memo recorded when it wrote or checked them: a file changed,
    /// truncated or put there since is not believed, and is made again), of the right format
    /// and without metadata: never a way around the re-encoding. Its size, width and height,
    /// or nil to process the source again.
    func trusted(_ path: String, format: ImageFormat) -> (size: Int, width: Int, height: Int)? {
        var info = stat()
        guard lstat(path, &info) == 0, CacheDirectory.isTrusted(info), info.st_size > 0,
              let recorded = memo?.digest(of: path), sha256Hex(ofFile: path) == recorded,
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
        // So in a CLI build with the memo kept in the cache (`ImageMemo.load`): a cached photo costs
        // a `stat` of the source and of each cached file, not a hash nor a look at its header.
        let sourceKey = statKey(source).map { "\($0) \(format.rawValue)" }
        if let sourceKey, let memo, let known = memo.processed(for: sourceKey), known.isCurrent {
            memo.reused()
            return .success(known.processed)
        }
        let result = sanitizedAfresh(source: source, as: format).flatMap { withRenditions($0, format: format) }
        if let sourceKey, case .success(let processed) = result, let memo, let entry = ImageMemo.Entry(processed, memo: memo) {
            memo.remember(sourceKey, entry)
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
        if let found = trusted(plain, format: format) {
            return .success(Processed(path: plain, size: found.size, dimensions: (found.width, found.height), sourceHasGPS: false))
        }
        if let found = trusted(located, format: format) {
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
        let digest = sha256Hex(data)
        if writable {
            let folder = (path as NSString).deletingLastPathComponent
            if !FileManager.default.fileExists(atPath: folder) { mkdir(folder, 0o700) }
            if CacheDirectory.write(data, to: path) {
                memo?.record(digest, of: path)
                return path
            }
        }
        guard let temporary = scratch.path() else { return nil }
        let fallback = temporary + "/fallback"
        mkdir(fallback, 0o700)
        let elsewhere = fallback + "/" + (path as NSString).lastPathComponent
        guard CacheDirectory.write(data, to: elsewhere) else { return nil }
        memo?.record(digest, of: elsewhere)
        return elsewhere
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
            guard let cached = trusted(path(suffix, kind), format: kind) else { break }
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
        // Believed only with the bytes Zuimei wrote (their SHA-256 in the memo), as a photo is.
        var cached = stat()
        if lstat(path, &cached) == 0, CacheDirectory.isTrusted(cached), Int(cached.st_size) == size,
           let recorded = memo?.digest(of: path), sha256Hex(ofFile: path) == recorded,
           case .success(let scan) = VideoMetadata.scan(path: path), scan.boxes.isEmpty {
            memo?.record(recorded, of: path)  // used by this build: kept in photos.json
            return (path, size)
        }
        if writable {
            if !FileManager.default.fileExists(atPath: videoDirectory) { mkdir(videoDirectory, 0o700) }
            let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            if VideoMetadata.writeBlanked(source: source, destination: temporary, boxes: boxes), chmod(temporary, 0o600) == 0,
               let written = sha256Hex(ofFile: temporary), rename(temporary, path) == 0 {
                memo?.record(written, of: path)
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

/// Photos processed or found in the cache by an earlier build: in this process (`zuimei serve`),
/// or, for the command line, kept in the cache as `photos.json` (`load`, `save`). An entry is
/// found by the source's `statKey` (path, device, inode, size, modification and change times: a
/// source changed in any way, even with its times put back, has a new change time) and believed
/// only while every cached file it names (the photo and each rendition) is still a file Zuimei
/// wrote for this user with the `trustedStatKey` it had when Zuimei wrote or checked it. A file
/// that is missing, unreadable, truncated, of another version or not the user's alone is ignored.
public final class ImageMemo: Sendable {
    struct Entry {
        var processed: ImageCache.Processed
        /// The `statKey` of each cached file, the photo's first, when it was written or checked.
        var cached: [String]

        /// The SHA-256 of each cached file, in the same order.
        var digests: [String]

        /// The entry for a photo just processed or checked (`memo` has the digests it wrote or
        /// checked), or nil when a file of it cannot be looked at.
        init?(_ processed: ImageCache.Processed, memo: ImageMemo) {
            var keys: [String] = [], digests: [String] = []
            for path in [processed.path] + processed.renditions.map(\.path) {
                guard let key = trustedStatKey(path), let digest = memo.digest(of: path) else { return nil }
                keys.append(key)
                digests.append(digest)
            }
            self.processed = processed
            cached = keys
            self.digests = digests
        }

        init(processed: ImageCache.Processed, cached: [String], digests: [String]) {
            self.processed = processed
            self.cached = cached
            self.digests = digests
        }

        /// Every cached file is as it was.
        var isCurrent: Bool {
            let paths = [processed.path] + processed.renditions.map(\.path)
            return paths.count == cached.count && zip(paths, cached).allSatisfy { trustedStatKey($0) == $1 }
        }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// The SHA-256 of each cached file Zuimei wrote or checked, by path: what `ImageCache.trusted` believes.
        var digests: [String: String] = [:]
        /// The keys looked up or remembered since `init`: what `save` keeps.
        var used: Set<String> = []
        /// The keys `load` read, and whether an entry was remembered since: `save` writes only a change.
        var loaded: Set<String> = []
        var loadedVideos: Set<String> = []
        var changed = false
        /// Paths whose digest this build recorded or confirmed (cached videos among them): what `save` keeps of them.
        var recorded: Set<String> = []
        var reuseCount = 0
    }

    private let state = Locked(State())

    public init() {}

    func processed(for key: String) -> Entry? {
        state.withLock { state in
            state.used.insert(key)
            return state.entries[key]
        }
    }

    /// The SHA-256 recorded for a cached file, if Zuimei wrote or checked it.
    func digest(of path: String) -> String? { state.withLock { $0.digests[path] } }

    func record(_ digest: String, of path: String) {
        state.withLock { state in
            if state.digests[path] != digest { state.changed = true }
            state.digests[path] = digest
            state.recorded.insert(path)
        }
    }

    /// Entries and digests from the cache's `photos.json`, for a memo that has none yet (the
    /// first build of `zuimei serve`).
    public func seed(from cache: CacheDirectory?) {
        guard state.withLock({ $0.entries.isEmpty && $0.digests.isEmpty }) else { return }
        let stored = Self.load(cache).state.withLock { $0 }
        state.withLock { state in
            state.entries = stored.entries
            state.digests = stored.digests
            state.loaded = stored.loaded
            state.loadedVideos = stored.loadedVideos
        }
    }

    /// How many photos were taken from the memo (for tests).
    var reuses: Int { state.withLock { $0.reuseCount } }

    func reused() { state.withLock { $0.reuseCount += 1 } }

    func remember(_ key: String, _ entry: Entry) {
        state.withLock { state in
            state.entries[key] = entry
            state.used.insert(key)
            state.changed = true
        }
    }

    // MARK: Kept in the cache

    static let fileName = "photos.json"
    /// Changes with the format of the file and with the encoder's settings (which name the cached files).
    static var version: String { "zuimei-photos 3 \(Images.settingsVersion)" }

    private struct Stored: Codable {
        var version: String
        var entries: [String: StoredEntry]
        /// Cached videos' SHA-256, by name in the cache's `videos/`.
        var videos: [String: String] = [:]
    }

    /// Cached files by their names in the cache's `images/`.
    private struct StoredEntry: Codable {
        var name: String
        var size: Int
        var width: Int?
        var height: Int?
        var gps: Bool
        var renditions: [StoredRendition]
        var cached: [String]
        var digests: [String]
    }

    private struct StoredRendition: Codable {
        var suffix: String
        var format: String
        var width: Int
        var height: Int
        var name: String
        var size: Int
    }

    /// The memo kept in `cache`; empty when there is none to believe.
    public static func load(_ cache: CacheDirectory?) -> ImageMemo {
        let memo = ImageMemo()
        guard let cache, let data = CacheDirectory.read(cache.path + "/" + fileName, limit: 256 << 20),
              let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.version == version else { return memo }
        var state = State()
        defer { memo.state.withLock { $0 = state } }
        let folder = cache.path + "/images/"
        /// A plain file name, never a way out of the folder.
        func path(_ name: String) -> String? {
            name.isEmpty || name.hasPrefix(".") || name.contains("/") || name.contains("\0") ? nil : folder + name
        }
        for (key, entry) in stored.entries {
            var renditions: [CachedRendition] = []
            for rendition in entry.renditions {
                guard let format = ImageFormat(rawValue: rendition.format), let path = path(rendition.name) else { break }
                renditions.append(CachedRendition(suffix: rendition.suffix, format: format, width: rendition.width,
                                                  height: rendition.height, path: path, size: rendition.size))
            }
            guard renditions.count == entry.renditions.count, let photo = path(entry.name),
                  entry.digests.count == renditions.count + 1, entry.cached.count == renditions.count + 1,
                  entry.digests.allSatisfy({ $0.count == 64 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
            else { continue }
            let dimensions = entry.width.flatMap { width in entry.height.map { (width: width, height: $0) } }
            let processed = ImageCache.Processed(path: photo, size: entry.size, dimensions: dimensions,
                                                 renditions: renditions, sourceHasGPS: entry.gps)
            state.entries[key] = Entry(processed: processed, cached: entry.cached, digests: entry.digests)
            for (file, digest) in zip([photo] + renditions.map(\.path), entry.digests) { state.digests[file] = digest }
        }
        for (name, digest) in stored.videos where path(name) != nil && !name.isEmpty && digest.count == 64 {
            state.digests[cache.path + "/videos/" + name] = digest
        }
        state.loaded = Set(state.entries.keys)
        state.loadedVideos = Set(stored.videos.keys)
        return memo
    }

    /// Keeps the entries this build used in `cache` (only those of files in its `images/`), when
    /// they are not the ones loaded; nothing when the cache is not to be written (`zuimei check`).
    public func save(_ cache: CacheDirectory?) {
        guard let cache, cache.writable else { return }
        let folder = cache.path + "/images/"
        let videoFolder = cache.path + "/videos/"
        let stored = state.withLock { state -> Stored? in
            let videos = Dictionary(uniqueKeysWithValues: state.recorded.filter {
                $0.hasPrefix(videoFolder) && !$0.dropFirst(videoFolder.count).contains("/")
            }.compactMap { path in state.digests[path].map { (String(path.dropFirst(videoFolder.count)), $0) } })
            guard state.changed || state.used != state.loaded || Set(videos.keys) != state.loadedVideos else { return nil }
            var stored = Stored(version: Self.version, entries: [:], videos: videos)
            for key in state.used {
                guard let entry = state.entries[key],
                      ([entry.processed.path] + entry.processed.renditions.map(\.path)).allSatisfy({
                          $0.hasPrefix(folder) && !$0.dropFirst(folder.count).contains("/")
                      }) else { continue }
                let processed = entry.processed
                stored.entries[key] = StoredEntry(
                    name: String(processed.path.dropFirst(folder.count)), size: processed.size, width: processed.dimensions?.width,
                    height: processed.dimensions?.height, gps: processed.sourceHasGPS,
                    renditions: processed.renditions.map {
                        StoredRendition(suffix: $0.suffix, format: $0.format.rawValue, width: $0.width, height: $0.height,
                                        name: String($0.path.dropFirst(folder.count)), size: $0.size)
                    },
                    cached: entry.cached, digests: entry.digests)
            }
            // What the file now holds: serve's next build saves again only after a change.
            state.loaded = state.used
            state.loadedVideos = Set(videos.keys)
            state.changed = false
            return stored
        }
        guard let stored else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(stored) else { return }
        _ = CacheDirectory.write(data, to: cache.path + "/" + Self.fileName)
    }
}

/// A file Zuimei wrote for this user (`CacheDirectory.isTrusted`): its device, inode, size and
/// modification time; nil for any other. Not its change time: the writer hard-links cached
/// photos into `site/`, and each link changes it. Zuimei never writes a cached file in place (it
/// writes a new file and renames it: a new inode), so a cached file changed afterwards was
/// changed by this user's own account, and with its modification time put back by hand.
func trustedStatKey(_ path: String) -> String? {
    var info = stat()
    guard lstat(path, &info) == 0, CacheDirectory.isTrusted(info) else { return nil }
    return "\(info.st_dev) \(info.st_ino) \(info.st_size) \(fileTimes(info).modified)"
}
