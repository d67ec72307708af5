import ArgumentParser
import Foundation
import ZuimeiDiagnostics
import ZuimeiKit

@main
struct Zuimei: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zuimei",
        abstract: "Builds the “最美基层高校毕业生” campaign site from Markdown stories.",
        version: generatorName,
        subcommands: [Build.self],
        defaultSubcommand: Build.self)
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render Content/ into site/.")

    @Option(help: "The content directory.")
    var content = "Content"

    @Option(help: "The output directory; it is replaced as a whole, only when the build succeeds.")
    var output = "site"

    @Option(help: "The build date (YYYY-MM-DD): approved stories dated on or before it are published. Default: SOURCE_DATE_EPOCH, else today.")
    var date: String?

    func run() throws {
        let resolved = BuildDate.resolve(option: date, environment: ProcessInfo.processInfo.environment)
        switch resolved {
        case .success: break
        case .failure(.badOption(let text)):
            throw ValidationError("--date '\(text)' is not a date of the form YYYY-MM-DD")
        case .failure(.badEpoch(let text)):
            throw ValidationError("SOURCE_DATE_EPOCH '\(text)' is not a whole number of seconds")
        }
        guard case .success(let day) = resolved else { return }
        let result = ZuimeiKit.build(BuildOptions(content: content, output: output, date: day))
        if !result.diagnostics.isEmpty {
            FileHandle.standardError.write(Data((DiagnosticFormatter.text(result.diagnostics) + "\n").utf8))
        }
        guard let written = result.written else {
            FileHandle.standardError.write(Data("build failed; \(output)/ was left as it was\n".utf8))
            throw ExitCode.failure
        }
        print("built \(result.publishedStories) stories for \(day): \(written.files) files, \(written.bytes) bytes in \(output)/")
    }
}
