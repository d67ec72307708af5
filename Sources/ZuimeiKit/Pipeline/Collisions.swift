import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiOutput
import ZuimeiSite
import ZuimeiTemplates
import ZuimeiTheme

/// Two outputs at one path: a page slug that clashes with a section, a static
/// file that shadows a page, a story as both `x.md` and `x/index.md`; and a file where
/// other outputs need a folder (`static/ug` beside the Uyghur pages in `ug/`).
func collisions(_ files: [(path: String, origin: String)]) -> [Diagnostic] {
    var seen = [Manifest.fileName: "(generated) \(Manifest.fileName)", Manifest.buildInfoName: "(generated) \(Manifest.buildInfoName)"]
    var diagnostics: [Diagnostic] = []
    for (path, origin) in files {
        if let first = seen[path] {
            diagnostics.append(Diagnostic(file: origin, problem: .duplicateURL(url: "/" + path, otherFile: first)))
        } else {
            seen[path] = origin
        }
    }
    var reported = Set<String>()
    for (path, origin) in files {
        var folder = path[...]
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            if let file = seen[String(folder)], reported.insert(String(folder)).inserted {
                diagnostics.append(Diagnostic(file: file, problem: .duplicateURL(url: "/" + folder + "/", otherFile: origin)))
            }
        }
    }
    return diagnostics
}
