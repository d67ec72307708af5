import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiTemplates

/// The output replaces a whole directory: refuse one that holds the content,
/// the current directory or the file system's root.
func checkOutputLocation(_ output: String, content: String) -> [Diagnostic] {
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
    return []
}
