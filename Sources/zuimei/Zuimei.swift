import ArgumentParser
import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiKit
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiScaffold
import ZuimeiServe
import ZuimeiSite
import ZuimeiTheme

@main
struct Zuimei: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zuimei",
        abstract: "Builds the campaign site of the Most Beautiful Grassroots College Graduates from Markdown stories.",
        version: generatorName,
        subcommands: [Build.self, Check.self, Verify.self, Serve.self, New.self, Key.self, Export.self],
        defaultSubcommand: Build.self)

    /// Exit codes: 0 success, 1 errors in the content, 2 a usage error.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("zuimei: error: \(error.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every command that reads content shares.
struct ContentOptions: ParsableArguments {
    @Option(help: "The content directory.")
    var content = "Content"

    @Option(help: "The build date (YYYY-MM-DD): approved stories dated on or before it are published. Default: SOURCE_DATE_EPOCH, else today.")
    var date: String?

    func buildDate() throws -> Day {
        switch BuildDate.resolve(option: date, environment: ProcessInfo.processInfo.environment) {
        case .success(let day): return day
        case .failure(.badOption(let text)):
            throw ValidationError(DiagnosticLanguage.fromEnvironment().phrase("badDateOption", ["value": text],
                english: "--date '\(text)' is not a date of the form YYYY-MM-DD"))
        case .failure(.badEpoch(let text)):
            throw ValidationError(DiagnosticLanguage.fromEnvironment().phrase("badEpoch", ["value": text],
                english: "SOURCE_DATE_EPOCH '\(text)' is not a whole number of seconds from 1970 to the year 9999"))
        }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render Content/ into site/.")

    @OptionGroup var options: ContentOptions

    @Option(help: "The output directory (default: site); it is replaced as a whole, only when the build succeeds.")
    var output: String?

    @Flag(help: "Build a preview with drafts and nominated stories, each page marked with the preview banner and noindex. Needs --output.")
    var drafts = false

    @Option(help: "Threads to use (default: one per core). The output is the same for any number.")
    var jobs: Int?

    @Flag(help: "Print the wall time of each stage at the end.")
    var timings = false

    @Flag(help: "Build everything again, even when nothing changed since the last build (the photo cache is still used).")
    var force = false

    @Option(help: ArgumentHelp("The site's secret key (zuimei key new): SHA256SUMS is signed into SHA256SUMS.minisig. Default: $ZUIMEI_SIGNING_KEY.",
                               valueName: "file"))
    var signingKey: String?

    func run() throws {
        if drafts, output == nil {
            throw ValidationError(DiagnosticLanguage.fromEnvironment().phrase("draftsIntoSite",
                english: "--drafts builds a preview, which must never replace the published site/: name a directory with --output, e.g. --output preview"))
        }
        let output = self.output ?? "site"
        let day = try options.buildDate()
        if let jobs, !(1...Parallelism.maximumJobs).contains(jobs) {
            throw ValidationError(DiagnosticLanguage.fromEnvironment().phrase("badJobs", ["maximum": String(Parallelism.maximumJobs)],
                english: "--jobs must be from 1 to \(Parallelism.maximumJobs)"))
        }
        let onTerminal = isatty(STDERR_FILENO) == 1
        // A progress line on a terminal, overwritten stage by stage and cleared at the end.
        let showProgress: @Sendable (String) -> Void = { stage in
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + DiagnosticLanguage.fromEnvironment().phrase("stageDone", ["stage": stage],
                english: "zuimei: \(stage) done…")).utf8))
        }
        var buildOptions = BuildOptions(
            content: options.content, output: output, date: day, preview: drafts, jobs: jobs ?? Parallelism.cores,
            useCache: !force,
            progress: onTerminal ? showProgress : nil,
            waiting: {
                FileHandle.standardError.write(Data((DiagnosticLanguage.fromEnvironment().phrase("waiting", ["output": output],
                    english: "zuimei: another build is writing \(output)/; waiting for it to finish…") + "\n").utf8))
            })
        if let path = signingKey ?? ProcessInfo.processInfo.environment["ZUIMEI_SIGNING_KEY"].flatMap({ $0.isEmpty ? nil : $0 }) {
            // Checked before anything is read or written: a key the build would publish or delete, or
            // one others can read, is refused with what to do about it.
            switch SigningKeyFile.read(path, content: options.content, output: output) {
            case .success(let text): buildOptions.signingKey = text
            case .failure(let problem): throw ValidationError(signingKeyMessage(problem, path: path, content: options.content, output: output))
            }
        }
        let result = ZuimeiKit.build(buildOptions)
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if !result.diagnostics.isEmpty {
            FileHandle.standardError.write(Data((DiagnosticFormatter.text(result.diagnostics, language: .fromEnvironment()) + "\n").utf8))
        }
        guard let written = result.written else {
            let line = DiagnosticLanguage.fromEnvironment().phrase("buildFailed", ["output": output],
                                                                   english: "build failed; \(output)/ was left as it was")
            FileHandle.standardError.write(Data((line + "\n").utf8))
            throw ExitCode.failure
        }
        if timings { FileHandle.standardError.write(Data((result.timings.table + "\n").utf8)) }
        if result.upToDate {
            print(DiagnosticLanguage.fromEnvironment().phrase(
                "upToDate", ["output": output, "stories": String(result.publishedStories), "files": String(written.files)],
                english: "\(output)/ is up to date: nothing changed since the last build (\(counted(result.publishedStories, "story", "stories")), "
                    + "\(counted(written.files, "file", "files")))"))
            return
        }
        let kind = drafts ? "preview of" : "built"
        let language = DiagnosticLanguage.fromEnvironment()
        // Files of the last site this one no longer has (a signature not made again, a story withdrawn).
        let removed = written.removed == 0 ? ""
            : language.phrase("removed", ["count": String(written.removed)], english: ", \(written.removed) removed")
        let values = ["stories": String(result.publishedStories), "date": day.description, "files": String(written.files),
                      "bytes": String(written.bytes), "output": output, "written": String(written.written), "kept": String(written.kept),
                      "removed": removed]
        print(language.phrase(drafts ? "preview" : "built", values,
            english: "\(kind) \(counted(result.publishedStories, "story", "stories")) for \(day): \(counted(written.files, "file", "files")), "
                + "\(counted(written.bytes, "byte", "bytes")) in \(output)/ (\(written.written) written, \(written.kept) unchanged\(removed))"))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check Content/ against the campaign's rules without writing anything.",
        discussion: "Exit status: 0 when clean, 1 on errors (or warnings, with --strict), 2 on a usage error.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var options: ContentOptions

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "text (one diagnostic a line, as compilers print them) or json.")
    var format: Format = .text

    func run() throws {
        let day = try options.buildDate()
        let result = ZuimeiKit.build(BuildOptions(content: options.content, output: "", date: day, write: false))
        let diagnostics = strict ? result.diagnostics.promotingWarnings() : result.diagnostics
        switch format {
        case .json:
            print(DiagnosticFormatter.json(diagnostics, language: .fromEnvironment()))
        case .text:
            let language = DiagnosticLanguage.fromEnvironment()
            for diagnostic in diagnostics.sortedForDisplay() { print(DiagnosticFormatter.text(diagnostic, language: language)) }
            for line in result.summary.lines(in: language) { print(line) }
            print(language.phrase("checked", ["published": String(result.summary.published), "date": day.description,
                                              "count": DiagnosticFormatter.count(diagnostics, language: language)],
                                  english: "\(result.summary.published) published as of \(day); \(DiagnosticFormatter.count(diagnostics))"))
        }
        if diagnostics.hasErrors { throw ExitCode.failure }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a copy of the site against its SHA256SUMS: missing, changed and extra files.",
        discussion: "Exit status: 0 when the copy is whole, 1 when anything is missing, changed or extra (or SHA256SUMS, its signature, a "
            + "symbolic link in the copy, or a changed file that is a hard link or not a regular file is wrong: an error on stderr), "
            + "2 on a usage error.")

    @Argument(help: "The copy of the site (a directory holding SHA256SUMS).")
    var directory: String

    @Option(help: ArgumentHelp("The site's public key (zuimei key new): SHA256SUMS.minisig must be its signature of SHA256SUMS before any checksum counts.",
                               valueName: "file"))
    var key: String?

    @Flag(help: ArgumentHelp("Print only the paths to fetch again (missing or changed), one a line, percent-encoded, for wget --input-file; exit 0 unless an error.",
                             discussion: "A crawl reaches what pages link to; this lists the rest (e.g. the WebP sizes in <source srcset>, which wget does not follow, "
                                + "and SHA256SUMS.minisig when build.json says the build is signed). Only relative paths inside the copy are printed: "
                                + "anything else in SHA256SUMS, a symbolic link in the copy, or a file to fetch that is a hard link (wget would "
                                + "rewrite its other names too) or not a regular file, is an error on stderr, exit 1, and nothing is printed."))
    var toFetch = false

    /// An error line on stderr: stdout holds only the report (with --to-fetch, only paths to fetch).
    func error(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    var language: DiagnosticLanguage { .fromEnvironment() }

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        var signedSums: Data?
        if let key {
            guard let data = readRegularFile(key, limit: 1 << 20), let publicKey = String(data: data, encoding: .utf8) else {
                throw ValidationError(language.phrase("cannotRead", ["path": key], english: "cannot read \(key)"))
            }
            guard let sums = readRegularFile(root + "/" + Manifest.fileName, limit: Manifest.maximumSize),
                  let signature = readRegularFile(root + "/" + ManifestSignature.fileName, limit: 1 << 20) else {
                error(language.phrase("verify.noSignature", ["directory": directory],
                    english: "\(directory): error: \(Manifest.fileName) or \(ManifestSignature.fileName) is missing (or not a regular file, or too large): "
                        + "the copy cannot prove where it came from; fetch both again from the origin") + " [verify-signature]")
                throw ExitCode.failure
            }
            switch ManifestSignature.verify(sums, signature: signature, publicKey: publicKey) {
            case .success(let comment):
                let shown = Manifest.shown(comment.replacingOccurrences(of: "\t", with: " "))
                if !toFetch {
                    print(language.phrase("verify.signatureGood", ["directory": directory, "comment": shown],
                                          english: "\(directory): signature good (\(shown))"))
                }
                signedSums = sums  // the checksums counted below are these bytes, the ones the signature covers
            case .failure(let failure):
                error("\(directory)/\(ManifestSignature.fileName): error: \(failure.reason) [verify-signature]")
                throw ExitCode.failure
            }
        }
        let report: VerifyReport
        do {
            report = try verifySite(at: directory, manifest: signedSums)
        } catch .noManifest(let path) {
            throw ValidationError(language.phrase("verify.noManifest", ["path": path, "directory": directory],
                                                  english: "\(path) does not exist: is \(directory) a copy of a Zuimei site?"))
        } catch .tooLarge(let path) {
            error(language.phrase("verify.tooLarge", ["path": path, "size": String(Manifest.maximumSize >> 20)],
                english: "\(path): error: larger than \(Manifest.maximumSize >> 20) MiB, more than any SHA256SUMS Zuimei writes; fetch it again from the origin")
                + " [verify]")
            throw ExitCode.failure
        } catch .malformed(let path, let line, let reason) {
            error(language.phrase("verify.malformed", ["path": path, "line": String(line), "reason": reason],
                english: "\(path):\(line): error: \(reason); a SHA256SUMS that Zuimei wrote has no such line: fetch it again from the origin")
                + " [verify]")
            throw ExitCode.failure
        }
        for link in report.links {
            let remove = "rm " + shellQuoted(directory + "/" + link)
            error(language.phrase("verify.link", ["place": directory + "/" + link, "remove": remove],
                english: "\(directory)/\(link): error: a symbolic link where SHA256SUMS lists a file or folder: Zuimei never writes one, and fetching "
                    + "the files again would write where it points, outside the copy; remove it (\(remove)) and run zuimei verify again")
                + " [verify-link]")
        }
        for file in report.unsafeToFetch {
            let place = directory + "/" + file.path
            switch file.kind {
            case .hardLink(let names):
                error(language.phrase("verify.hardLink", ["place": place, "names": String(names), "remove": "rm " + shellQuoted(place)],
                    english: "\(place): error: changed, and it has \(names) names (hard links): fetching it again (wget --timestamping) would "
                        + "rewrite it in place, under its other names too, which may be outside the copy; remove it "
                        + "(rm \(shellQuoted(place))) and run zuimei verify again") + " [verify-hard-link]")
            case .fifo, .device, .socket, .folder:
                let kind = switch file.kind { case .fifo: "fifo"; case .socket: "socket"; case .folder: "folder"; default: "device" }
                let english = switch file.kind { case .fifo: "a FIFO"; case .socket: "a socket"; case .folder: "a folder"; default: "a device" }
                let what = language.phrase("verify.kind." + kind, english: english)
                let remove = "rm " + (file.kind == .folder ? "-r " : "") + shellQuoted(place)
                error(language.phrase("verify.notFile", ["place": place, "what": what, "remove": remove],
                    english: "\(place): error: \(what) where SHA256SUMS lists a file: Zuimei never writes one, and fetching the file again "
                        + "would write into it; remove it (\(remove)) and run zuimei verify again") + " [verify-not-file]")
            }
        }
        if toFetch {
            guard report.links.isEmpty, report.unsafeToFetch.isEmpty else { throw ExitCode.failure }
            for path in report.missing + report.changed { print(PagePath.encoded(path)) }
            return
        }
        for path in report.missing { print(language.phrase("verify.missing", ["path": path], english: "missing: \(path)")) }
        for path in report.changed { print(language.phrase("verify.changed", ["path": path], english: "changed: \(path)")) }
        for path in report.extra { print(language.phrase("verify.extra", ["path": Manifest.shown(path)], english: "extra: \(Manifest.shown(path))")) }
        let links = report.links.isEmpty ? ""
            : language.phrase("verify.links", ["count": String(report.links.count)],
                              english: "; \(counted(report.links.count, "symbolic link", "symbolic links"))")
        let unsafe = report.unsafeToFetch.isEmpty ? ""
            : language.phrase("verify.unsafe", ["count": String(report.unsafeToFetch.count)],
                              english: "; \(counted(report.unsafeToFetch.count, "file", "files")) not safe to fetch again")
        print(language.phrase("verify.summary", ["directory": directory, "checked": String(report.checked),
                                                 "missing": String(report.missing.count), "changed": String(report.changed.count),
                                                 "extra": String(report.extra.count), "links": links, "unsafe": unsafe],
            english: "\(directory): \(report.checked) files checked; \(report.missing.count) missing, \(report.changed.count) changed, "
                + "\(report.extra.count) extra\(links)\(unsafe)"))
        if !report.isWhole { throw ExitCode.failure }
    }
}

/// Why a build refuses the signing key at `path`, and what to do, in the user's language.
func signingKeyMessage(_ problem: SigningKeyFile.Problem, path: String, content: String, output: String) -> String {
    let language = DiagnosticLanguage.fromEnvironment()
    var shown = Manifest.shown(path)
    var quoted = shellQuoted(path)
    let outputName = URL(fileURLWithPath: output).standardizedFileURL.lastPathComponent
    switch problem {
    case .insideContent(let place), .insideOutput(let place), .besideOutput(let place):
        // Through a link (or a folder that is one): the place that is inside is what to move.
        if place != URL(fileURLWithPath: path).standardizedFileURL.path {
            shown += " (\(Manifest.shown(place)))"
            quoted = shellQuoted(place)
        }
    default: break
    }
    switch problem {
    case .unreadable(let reason):
        return language.phrase("signingKey.unreadable", ["path": shown, "reason": reason],
                               english: "cannot read the signing key \(shown): \(reason)")
    case .insideContent:
        return language.phrase("signingKey.insideContent", ["path": shown, "content": content],
                               english: "the signing key \(shown) is inside \(content)/, which is published: keep it outside the content directory")
    case .insideOutput:
        return language.phrase("signingKey.insideOutput", ["path": shown, "output": output, "quoted": quoted],
                               english: "the signing key \(shown) is inside \(output)/, which every build replaces as a whole: "
                                   + "the key would be deleted. Move it outside, e.g. mkdir -p ~/keys && mv \(quoted) ~/keys/, "
                                   + "and build with --signing-key ~/keys/<its name>")
    case .besideOutput:
        return language.phrase("signingKey.besideOutput", ["path": shown, "output": output, "name": outputName, "quoted": quoted],
                               english: "the signing key \(shown) is inside a folder a build makes and removes beside \(output)/ "
                                   + "(.\(outputName).zuimei-…): the key would be deleted. Move it outside, e.g. mkdir -p ~/keys && mv \(quoted) ~/keys/")
    case .notRegularFile:
        return language.phrase("signingKey.notRegularFile", ["path": shown],
                               english: "the signing key \(shown) is not a regular file: name the .key file zuimei key new wrote")
    case .unprotected(let mode):
        return language.phrase("signingKey.unprotected", ["path": shown, "mode": mode, "quoted": quoted],
                               english: "the signing key \(shown) is open to others than its owner (mode \(mode)): "
                                   + "a secret key must be readable by its owner only; run chmod 600 \(quoted)")
    case .notAKey(let reason):
        return language.phrase("signingKey.notAKey", ["path": shown, "reason": reason],
                               english: "\(shown) is not a Zuimei secret key (\(reason)): name the .key file zuimei key new wrote, not the .pub")
    case .hardLinked(let names):
        return language.phrase("signingKey.hardLinked", ["path": shown, "count": String(names), "quoted": quoted],
                               english: "the signing key \(shown) has \(names) names (hard links): a secret key has one, so that no build "
                                   + "publishes or deletes it under another. Find them with find / -samefile \(quoted) 2>/dev/null; remove "
                                   + "those in the way, and if you keep one (a backup), give the key a copy of its own: "
                                   + "cp -p \(quoted) \(quoted).new && mv \(quoted).new \(quoted)")
    }
}

/// `path` as a shell reads it: as it is when it has nothing the shell would take apart, else in single quotes.
func shellQuoted(_ path: String) -> String {
    let plain = path.unicodeScalars.allSatisfy { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-+~,:@%".unicodeScalars.contains(scalar)
    }
    if plain, !path.isEmpty, !path.hasPrefix("~") { return path }
    return "'" + Manifest.shown(path).replacingOccurrences(of: "'", with: "'\\''") + "'"
}

struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The site's signing key: mirrors prove their copy came from the site with its public key.",
        subcommands: [NewKey.self])

    struct NewKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write a new key pair: NAME.key (secret: keep it outside Content/, never publish it) and NAME.pub (for mirrors).")

        @Argument(help: "The key's path without extension, e.g. ~/keys/zuimei-site")
        var name: String

        func run() throws {
            let secretPath = name + ".key", publicPath = name + ".pub"
            let language = DiagnosticLanguage.fromEnvironment()
            for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw ValidationError(language.phrase("key.exists", ["path": path], english: "\(path) exists; it is never overwritten"))
            }
            let pair: (secret: String, public: String)
            do { pair = try ManifestSignature.newKey() } catch { throw ValidationError(error.reason) }
            // The secret key: created new (never through a link), readable by its owner only.
            let descriptor = open(secretPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw ValidationError(language.phrase("cannotCreate", ["path": secretPath], english: "cannot create \(secretPath)")) }
            let bytes = Array(pair.secret.utf8)
            let written = write(descriptor, bytes, bytes.count)
            close(descriptor)
            guard written == bytes.count else { throw ValidationError(language.phrase("cannotWrite", ["path": secretPath], english: "cannot write \(secretPath)")) }
            guard FileManager.default.createFile(atPath: publicPath, contents: Data(pair.public.utf8)) else {
                throw ValidationError(language.phrase("cannotWrite", ["path": publicPath], english: "cannot write \(publicPath)"))
            }
            print(language.phrase("key.wroteSecret", ["path": secretPath],
                english: "wrote \(secretPath) (secret: keep it outside Content/, never publish it; build with --signing-key \(secretPath))"))
            print(language.phrase("key.wrotePublic", ["path": publicPath],
                english: "wrote \(publicPath) (give it to mirrors: zuimei verify --key \(publicPath) DIR, or minisign -Vm SHA256SUMS -p \(publicPath))"))
        }
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site: build it into memory, serve it, rebuild and reload pages on every change.")

    @OptionGroup var options: ContentOptions

    @Option(help: "The address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: UInt16 = 8080

    @Flag(help: "Serve drafts and nominated stories too, with the preview banner.")
    var drafts = false

    @Flag(help: "Print the time each stage took after every build.")
    var timings = false

    @Flag(help: "Log every connection and request, not only the address, rebuilds and problems.")
    var verbose = false

    func run() throws {
        let fixed: Day? = try options.date.map { _ in try options.buildDate() }
        var serveOptions = ServeOptions(content: options.content, host: host, port: port, date: fixed, preview: drafts,
                                        jobs: Parallelism.cores)
        serveOptions.timings = timings
        serveOptions.verbose = verbose
        serveOptions.language = .fromEnvironment()
        let server = DevServer(
            options: serveOptions,
            log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
        // Ctrl-C (or kill): stop, exit 0 (the site was only in memory).
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                FileHandle.standardError.write(Data((DiagnosticLanguage.fromEnvironment().phrase("stopped", english: "zuimei: stopped") + "\n").utf8))
                Foundation.exit(0)
            }
            source.resume()
            SignalSources.keep(source)
        }
        Task {
            do {
                try await server.run()
            } catch let error as DevServer.PortInUse {
                let next = error.port == UInt16.max ? 8080 : error.port + 1
                let line = DiagnosticLanguage.fromEnvironment().phrase("portInUse",
                    ["port": String(error.port), "host": error.host, "next": String(next)], english: "zuimei: error: \(error)")
                FileHandle.standardError.write(Data((line + "\n").utf8))
                Foundation.exit(1)
            } catch {
                let line = DiagnosticLanguage.fromEnvironment().phrase("cannotServe", ["host": host, "port": String(port), "reason": "\(error)"],
                    english: "zuimei: error: cannot serve on \(host):\(port): \(error)")
                FileHandle.standardError.write(Data((line + "\n").utf8))
                Foundation.exit(1)
            }
        }
        dispatchMain()
    }
}

/// Keeps the signal sources alive for the life of the process.
enum SignalSources {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []  // only touched on the main thread, before dispatchMain
    static func keep(_ source: DispatchSourceSignal) { sources.append(source) }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a story, an edition or a whole site from a commented template. Never overwrites.",
        subcommands: [NewStory.self, NewEdition.self, NewSite.self, NewTranslation.self])
}

/// Writes what a scaffold made, or says why it did not.
/// Runs a scaffold and prints what it wrote, or its error in the user's language with the
/// commands it names followed by `options` (the user's own `--content …`).
func report(options: String = "", _ work: () throws(Scaffold.Failure) -> [String]) throws {
    let language = DiagnosticLanguage.fromEnvironment()
    do {
        for path in try work() { print(language.phrase("wrote", ["path": path], english: "wrote \(path)")) }
    } catch {
        let line = language.phrase("error", ["message": error.message(in: language, options: options)],
                                   english: "zuimei: error: \(error.message(in: language, options: options))")
        FileHandle.standardError.write(Data((line + "\n").utf8))
        throw ExitCode.failure
    }
}

/// `--content DIR` as the user gave it, to repeat in the commands a line names; empty for the default.
func contentOption(_ content: String) -> String { content == "Content" ? "" : "--content " + shellQuoted(content) }

struct NewStory: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "story",
        abstract: "Write stories/<year>/<slug>/index.md with every field, status: draft.")

    @Argument(help: "<year>/<slug>, e.g. 2021/ili-example.")
    var id: String

    @Option(help: "The candidate's name.")
    var name: String?

    @Option(help: "The candidate's prefecture, as listed in site.yml.")
    var prefecture: String?

    @Option(help: "The content directory.")
    var content = "Content"

    func run() throws {
        let today = Day(Date(), in: .current)
        var date = today
        try report(options: contentOption(content)) { () throws(Scaffold.Failure) in
            let written = try Scaffold.story(id: id, name: name, prefecture: prefecture, content: content, today: today)
            date = written.date
            return [written.path]
        }
        if date != today {
            print(DiagnosticLanguage.fromEnvironment().phrase("newStory.date", ["date": date.description],
                english: "date: \(date), the first day of the edition's publicity stage (an approved story is published from its date; "
                    + "the date stays within its edition)"))
        }
        print(Scaffold.nextStep(content: content))
    }
}

struct NewTranslation: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "translation",
        abstract: "Write a story's translation beside it (index.<language>.md), draft: true, recording which version of the original it translates.")

    @Argument(help: "<year>/<slug> of the original story, e.g. 2021/ili-example.")
    var id: String

    @Argument(help: "The language, as site.yml's languages list it: ug, kk-Arab.")
    var language: String

    @Option(help: "The content directory.")
    var content = "Content"

    func run() throws {
        try report(options: contentOption(content)) { () throws(Scaffold.Failure) in
            [try Scaffold.translation(id: id, language: language, content: content)]
        }
        let check = (["zuimei check"] + [contentOption(content)].filter { !$0.isEmpty }).joined(separator: " ")
        print(DiagnosticLanguage.fromEnvironment().phrase("newTranslation.next", ["check": check],
            english: "next: translate each field and the body, remove draft: true, then \(check)"))
    }
}

struct NewEdition: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edition",
        abstract: "Write editions/<year>.yml with the five stages to fill in.")

    @Argument(help: "The edition's year.")
    var year: String

    @Option(help: "The content directory.")
    var content = "Content"

    func run() throws {
        try report(options: contentOption(content)) { () throws(Scaffold.Failure) in [try Scaffold.edition(year: year, content: content)] }
    }
}

struct NewSite: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "site",
        abstract: "Write a fresh, buildable content directory: site.yml, an edition, an example story and a page.")

    @Argument(help: "The team's folder: the site's content goes in DIR/Content/ (missing or empty), where every command run from DIR finds it. A folder named Content is the content folder itself.")
    var directory: String

    func run() throws {
        let today = Day(Date(), in: .current)
        try report { () throws(Scaffold.Failure) in try Scaffold.site(at: directory, today: today) }
        let content = Scaffold.contentFolder(forNewSite: directory)
        let language = DiagnosticLanguage.fromEnvironment()
        if content == directory {
            print(language.phrase("newSite.nextHere", ["content": shellQuoted(content)], english: "next: zuimei serve --content \(shellQuoted(content))"))
        } else {
            print(language.phrase("newSite.next", ["directory": shellQuoted(directory)], english: "next: cd \(shellQuoted(directory)) && zuimei serve"))
        }
    }
}
