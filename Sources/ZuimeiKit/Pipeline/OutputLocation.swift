import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiSite
import ZuimeiTemplates
import ZuimeiTheme

/// The output replaces a whole directory: refuse one that holds the content,
/// the current directory or the file system's root.
func checkOutputLocation(_ output: String, content: String, preview: Bool = false) -> [Diagnostic] {
    let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path
    func contains(_ outer: String, _ inner: String) -> Bool { inner == outer || inner.hasPrefix(outer == "/" ? "/" : outer + "/") }
    if contains(target, content) {
        return [Diagnostic(file: output, problem: .unsafeOutput(path: output, reason: "it contains the content directory"))]
    }
    if contains(target, current) {
        return [Diagnostic(file: output, problem: .unsafeOutput(path: output, reason: "it contains the current directory"))]
    }
    if contains(content, target) {
        return [Diagnostic(file: output, problem: .unsafeOutput(path: output, reason: "it is inside the content directory"))]
    }
    // The build replaces the directory whole: only an empty one, or one Zuimei built, may be replaced.
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: target), !names.isEmpty else { return [] }
    let record = (try? String(contentsOfFile: target + "/build.json", encoding: .utf8)) ?? ""
    guard record.contains("\"generator\": \"Zuimei"), names.contains("SHA256SUMS") else {
        return [Diagnostic(file: output, problem: .unsafeOutput(
            path: output, reason: "it is not empty and is not a site Zuimei built (it has no build.json and SHA256SUMS from Zuimei); building would replace everything in it"))]
    }
    if preview, !record.contains("\"preview\": true") {
        return [Diagnostic(file: output, problem: .unsafeOutput(
            path: output, reason: "it holds a published build, and a preview (--drafts, drafts included) would replace it"))]
    }
    return []
}
