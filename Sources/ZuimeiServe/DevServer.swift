import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiKit
import ZuimeiOutput
import ZuimeiSite
import ZuimeiTheme

/// `zuimei serve`: builds into memory (never `site/`, nothing written but the
/// caches beside the content), serves it on loopback, watches the content and
/// rebuilds on every change; open pages reload themselves, or show the build's
/// errors over the page.
public struct ServeOptions: Sendable {
    public var content: String
    public var host: String
    public var port: UInt16
    /// A fixed build date; nil: today (or SOURCE_DATE_EPOCH) at each build.
    public var date: Day?
    public var preview: Bool
    public var jobs: Int
    /// How often the content is looked at for changes.
    public var interval: Duration
    /// Print the time of each stage after every build.
    public var timings = false
    /// Log every connection and request (the HTTP server's own lines); by default only the
    /// address, rebuilds and problems are printed.
    public var verbose = false
    /// The language of diagnostics, in the terminal and over the page.
    public var language: DiagnosticLanguage = .english

    public init(content: String, host: String = "127.0.0.1", port: UInt16 = 8080, date: Day? = nil, preview: Bool = false,
                jobs: Int = 2, interval: Duration = .milliseconds(300)) {
        self.content = content
        self.host = host
        self.port = port
        self.date = date
        self.preview = preview
        self.jobs = jobs
        self.interval = interval
    }
}

/// What the open pages learn when they ask: the build's number and its errors.
public struct LiveStatus: Codable, Sendable, Equatable {
    public var version: Int
    public var errors: [String]
}

/// The state of the builds, shared by the watcher and the request handlers.
public actor LiveState {
    private(set) var status = LiveStatus(version: 1, errors: [])
    private var waiters: [Int: CheckedContinuation<LiveStatus, Never>] = [:]
    private var nextWaiter = 0

    public init() {}

    public func current() -> LiveStatus { status }

    func publish(errors: [String]) {
        status = LiveStatus(version: status.version + 1, errors: errors)
        let waiting = waiters
        waiters = [:]
        for continuation in waiting.values { continuation.resume(returning: status) }
    }

    /// Answers when a build newer than `version` is done, or after `timeout` with the current status.
    func wait(after version: Int, timeout: Duration) async -> LiveStatus {
        if status.version != version { return status }
        let id = nextWaiter
        nextWaiter += 1
        return await withCheckedContinuation { continuation in
            waiters[id] = continuation
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume(returning: status)
    }
}

public final class DevServer: Sendable {
    public let options: ServeOptions
    /// The site, as the last good build left it.
    public let site = MemorySite()
    /// What earlier builds worked out, reused by the next where nothing changed.
    let memo = BuildMemo()
    public let state = LiveState()
    private let log: @Sendable (String) -> Void

    public init(options: ServeOptions, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.log = log
    }

    /// The port is taken by another program: say so at once, before anything is built (a
    /// server that cannot listen must not look as if it serves, while the other program answers).
    public struct PortInUse: Error, CustomStringConvertible {
        public var host: String
        public var port: UInt16
        public var description: String {
            "port \(port) on \(host) is already in use by another program; choose another with --port, e.g. --port \(port == UInt16.max ? 8080 : port + 1)"
        }
    }

    /// Builds once, then serves and watches until the process ends.
    public func run() async throws {
        // Bound before anything is built: a port another program holds is an error at once.
        let server = try SiteServer(host: options.host, port: options.port, handler: SiteHandler(site: site, state: state),
                                    log: ServeLogger(verbose: options.verbose, log: log))
        // Watched and looked at before the first build: a file saved while it runs is rebuilt at once, not missed.
        let watcher = ChangeWatcher(root: options.content)
        let before = statFingerprint(of: options.content)
        let errors = await rebuildOffThePool()
        await state.publish(errors: errors)
        Task { await watch(from: before, with: watcher) }
        let address = "http://\(options.host):\(options.port)/"
        log(options.language.phrase("serving", ["content": options.content, "address": address],
                                    english: "serving \(options.content)/ at \(address) (built in memory; Ctrl-C to stop)"))
        try await server.run()
    }

    /// Looks at the content's files when inotify says something changed (after
    /// 10 ms without further events, so an editor's save is one rebuild), and
    /// every `interval` where inotify is not available (every 2 s where it is, in
    /// case it missed something); rebuilds when any file was added, removed or changed.
    func watch(from fingerprint: String, with watcher: ChangeWatcher?) async {
        var last = fingerprint
        while !Task.isCancelled {
            if let watcher {
                let changed = await Self.waiting(watcher, timeout: 2000)
                if changed { while await Self.waiting(watcher, timeout: 10) {} }
            } else {
                try? await Task.sleep(for: options.interval)
            }
            let now = statFingerprint(of: options.content)
            guard now != last else { continue }
            last = now
            await state.publish(errors: await rebuildOffThePool())
        }
    }

    /// Waits on a thread of its own: a blocking wait must never hold one of the pool's threads.
    static let watchQueue = DispatchQueue(label: "zuimei.serve.watch")

    static func waiting(_ watcher: ChangeWatcher, timeout: Int32) async -> Bool {
        await withCheckedContinuation { continuation in
            watchQueue.async { continuation.resume(returning: watcher.wait(timeout: timeout)) }
        }
    }

    /// Builds run here, one at a time: a build blocks its thread for seconds,
    /// and Swift's cooperative pool (which answers the requests) has one
    /// thread per core.
    static let buildQueue = DispatchQueue(label: "zuimei.serve.build", qos: .userInitiated)

    /// `rebuild` on the build queue, awaited without holding a pool thread.
    func rebuildOffThePool() async -> [String] {
        await withCheckedContinuation { continuation in
            Self.buildQueue.async { continuation.resume(returning: self.rebuild()) }
        }
    }

    /// One build; returns its errors as the lines the overlay shows.
    func rebuild() -> [String] {
        dispatchPrecondition(condition: .onQueue(Self.buildQueue))
        // A fixed --date, else today (or SOURCE_DATE_EPOCH) at each build; a bad SOURCE_DATE_EPOCH falls back to today.
        let today = try? BuildDate.resolve(option: nil, environment: ProcessInfo.processInfo.environment).get()
        let day = options.date ?? today ?? Day(Date(), in: .current)
        let start = Date()
        var buildOptions = BuildOptions(content: options.content, output: "(memory)", date: day, preview: options.preview,
                                        jobs: options.jobs)
        buildOptions.memory = site
        buildOptions.memo = memo
        // The WeChat and Weibo export beside the site, at /__zuimei/wechat/: a team copies from the preview.
        buildOptions.wechat = .alongside
        let result = build(buildOptions)
        if !result.diagnostics.isEmpty { log(DiagnosticFormatter.text(result.diagnostics, language: options.language)) }
        if result.succeeded {
            let stories = counted(result.publishedStories, "story", "stories")
            let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
            log(options.language.phrase("served", ["stories": String(result.publishedStories), "seconds": seconds],
                                        english: "built \(stories) in \(seconds) s"))
            if options.timings { log(result.timings.table) }
            return []
        }
        log(options.language.phrase("serveFailed", english: "build failed; still serving the last good build"))
        return result.diagnostics.sortedForDisplay().filter { $0.severity == .error }.map { DiagnosticFormatter.text($0, language: options.language) }
    }

}

/// Serves the built site from memory: its files only, `index.html` for a
/// directory (a redirect to the slash form when the slash is missing),
/// `404.html` for anything else; the live-reload script in every HTML page;
/// `/__zuimei/poll` for the script. `SiteServer` has read the request strictly
/// (one Host line, bounded size and time) before it gets here.
struct SiteHandler: Sendable {
    static let pollPath = "/__zuimei/poll"
    let site: MemorySite
    let state: LiveState

    func respond(to request: RequestHead) async -> Response {
        // The Host line, and the authority of an absolute-form target (which RFC 9112 §3.2.2
        // says to use instead): both must name this machine.
        guard isAllowedHost(request.host), request.authority.map({ isAllowedHost($0) }) ?? true else {
            return .text(403, "zuimei serve answers only to localhost and IP addresses (Host header refused)\n")
        }
        let rawPath = request.path
        if rawPath == Self.pollPath {
            let since = Self.queryValue("since", in: request.query).flatMap { Int($0) } ?? -1
            let status = await state.wait(after: since, timeout: .seconds(10))
            let body = (try? JSONEncoder().encode(status)) ?? Data()
            return Response(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")], body: body)
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return Response(status: 405, headers: [("Allow", "GET, HEAD")])
        }
        let status = await state.current()
        switch served(rawPath, query: request.query, in: site) {
        case .file(let path, let file):
            switch MemorySite.contents(of: file) {
            case .bytes(let data):
                return respond(200, file: path, data: data, status: status)
            case .changed:
                // Its bytes are not those the last good build searched for private data: the next build decides.
                return .text(409, "zuimei serve: /\(path) changed since the last good build, which did not search these bytes "
                                + "for private data; it is served again once a build succeeds with it\n",
                             headers: [("Cache-Control", "no-store")])
            case .unreadable:
                break
            }
        case .redirect(let location):
            return Response(status: 301, headers: [("Location", location), ("Cache-Control", "no-store")])
        case nil:
            break
        }
        if let notFound = site.file(at: Routes.notFound).flatMap(MemorySite.bytes(of:)) {
            return respond(404, file: Routes.notFound, data: notFound, status: status)
        }
        let page = "<!DOCTYPE html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\"><title>zuimei serve</title></head>"
            + "<body><h1>\(interfaceText("serve.notBuilt"))</h1><p>The site has not been built yet.</p></body></html>"
        return respond(404, file: "index.html", data: Data(page.utf8), status: status)
    }

    func respond(_ code: Int, file: String, data: Data, status: LiveStatus) -> Response {
        let type = contentType(of: file)
        var body = data
        if type.hasPrefix("text/html") { body = injectLiveReload(into: data, status: status) }
        return Response(status: code, headers: [("Content-Type", type), ("Cache-Control", "no-store")], body: body)
    }

    /// The first value of a query parameter, percent-decoded (`+` is a space, as a form sends it).
    static func queryValue(_ name: String, in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            guard key == name else { continue }
            return parts.count > 1 ? parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
        }
        return nil
    }
}

/// Adds the live-reload script before `</body>`. It asks the server for the
/// next build, reloads the page when it succeeds, and shows the errors over
/// the page when it fails. Only served pages carry it; the built site never does.
func injectLiveReload(into html: Data, status: LiveStatus) -> Data {
    let state = String(decoding: (try? JSONEncoder().encode(status)) ?? Data("{}".utf8), as: UTF8.self)
        .replacingOccurrences(of: "</", with: "<\\/")
    // The overlay's heading, from the theme's string table, as a JSON string (safe inside the script).
    let failed = String(decoding: (try? JSONEncoder().encode(interfaceText("serve.buildFailed"))) ?? Data("\"\"".utf8),
                        as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    let script = """
    <script>/* zuimei serve: live reload */
    (function () {
      var state = \(state);
      function escape(s) { return s.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\"": "&quot;"}[c]; }); }
      function overlay(errors) {
        var o = document.getElementById("zuimei-overlay");
        if (!errors.length) { if (o) { o.remove(); } return; }
        if (!o) {
          o = document.createElement("div");
          o.id = "zuimei-overlay";
          o.setAttribute("role", "alert");
          o.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(24,24,24,.94);color:#fff;" +
            "font:14px/1.6 ui-monospace,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
          document.body.appendChild(o);
        }
        o.innerHTML = "<strong>" + escape(\(failed)) + "</strong>\\n\\n" + errors.map(escape).join("\\n");
      }
      function poll() {
        fetch("\(SiteHandler.pollPath)?since=" + state.version, {cache: "no-store"})
          .then(function (r) { return r.json(); })
          .then(function (next) {
            if (next.version !== state.version) {
              if (!next.errors.length) { location.reload(); return; }
              state = next;
              overlay(next.errors);
            }
            poll();
          })
          .catch(function () { setTimeout(poll, 1000); });
      }
      overlay(state.errors);
      poll();
    })();
    </script>

    """
    var text = String(decoding: html, as: UTF8.self)
    if let end = text.range(of: "</body>", options: .backwards) {
        text.insert(contentsOf: script, at: end.lowerBound)
    } else {
        text += script
    }
    return Data(text.utf8)
}
