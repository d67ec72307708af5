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

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export stories for other platforms.",
        subcommands: [ExportWeChat.self])
}

struct ExportWeChat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wechat",
        abstract: "Write each published story as a page to copy into the WeChat official-account editor, with its Weibo text.",
        discussion: "Every published story in every language, or those named (2021/<slug>). Images are linked at the site's base_url: publish the site first.")

    @OptionGroup var options: ContentOptions

    @Option(help: "The output directory (default: wechat); it is replaced as a whole, only when the export succeeds.")
    var output = "wechat"

    @Argument(help: ArgumentHelp("Stories to export, by year and slug (2021/ili-example); every published story when none is named.",
                                 valueName: "story"))
    var stories: [String] = []

    func run() throws {
        let day = try options.buildDate()
        var buildOptions = BuildOptions(content: options.content, output: output, date: day, jobs: Parallelism.cores, useCache: false,
            waiting: {
                FileHandle.standardError.write(Data((DiagnosticLanguage.fromEnvironment().phrase("waiting", ["output": self.output],
                    english: "zuimei: another build is writing \(self.output)/; waiting for it to finish…") + "\n").utf8))
            })
        buildOptions.wechat = .only(stories: stories)
        let result = ZuimeiKit.build(buildOptions)
        let language = DiagnosticLanguage.fromEnvironment()
        if !result.diagnostics.isEmpty {
            FileHandle.standardError.write(Data((DiagnosticFormatter.text(result.diagnostics, language: language) + "\n").utf8))
        }
        guard let written = result.written else {
            let line = language.phrase("exportFailed", ["output": output], english: "export failed; \(output)/ was left as it was")
            FileHandle.standardError.write(Data((line + "\n").utf8))
            throw ExitCode.failure
        }
        print(language.phrase("exported", ["date": day.description, "files": String(written.files), "output": output],
                              english: "exported the stories published on \(day) for WeChat and Weibo: \(counted(written.files, "file", "files")) in \(output)/; open \(output)/index.html"))
    }
}
