import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiSite
import ZuimeiTemplates

/// Stage: files copied as they are: the theme's assets, the site's
/// `static/` (which may replace a theme asset) and each story's own files.
public func copiedFiles(_ site: RenderedSite) -> [PlannedFile] {
    var byPath: [String: PlannedFile] = [:]
    for asset in Theme.assets() { byPath[asset.file.path] = asset }
    for file in site.staticFiles {
        byPath[file.outputPath] = PlannedFile(file: OutputFile(path: file.outputPath, body: .copy(from: file.sourcePath)),
                                              origin: file.source.display)
    }
    var files = byPath.values.sorted { $0.file.path < $1.file.path }
    for story in site.stories {
        for file in story.files where file.written {
            var output = OutputFile(path: story.path.directory + file.name, body: .copy(from: file.path))
            output.linkable = file.processed
            var planned = PlannedFile(file: output, origin: story.story.attachmentDisplayPath(file.name))
            planned.nameOnly = file.reencoded
            files.append(planned)
        }
    }
    return files
}
