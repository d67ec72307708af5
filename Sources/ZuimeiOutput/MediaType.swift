/// The one table of media types by file extension: for feed enclosures, the
/// preview server's `Content-Type`, and anything else that names a file's type.
public enum MediaType {
    static let byExtension: [String: String] = [
        "html": "text/html", "htm": "text/html", "css": "text/css", "js": "text/javascript", "mjs": "text/javascript",
        "json": "application/json", "xml": "application/xml", "txt": "text/plain", "csv": "text/csv",
        "vtt": "text/vtt", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
        "gif": "image/gif", "svg": "image/svg+xml", "ico": "image/vnd.microsoft.icon", "mp4": "video/mp4",
        "m4v": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "pdf": "application/pdf",
        "woff2": "font/woff2", "woff": "font/woff",
    ]

    /// `image/jpeg` for `photo.jpg`; `application/octet-stream` when unknown.
    public static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name == "SHA256SUMS" { return "text/plain" }
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    /// The type with `; charset=utf-8` for text, as a server sends it.
    public static func contentType(of path: String) -> String {
        let type = of(path)
        let isText = type.hasPrefix("text/") || type == "application/json" || type == "application/xml" || type == "image/svg+xml"
        return isText && type != "image/svg+xml" ? type + "; charset=utf-8" : type
    }
}
