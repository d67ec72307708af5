import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiTemplates

extension Diagnostic {
    /// This diagnostic with every private value in its file, message and hint masked.
    public func redacted(by matcher: Matcher) -> Diagnostic {
        let file = matcher.redact(self.file), message = matcher.redact(self.message), hint = self.hint.map(matcher.redact)
        guard file != self.file || message != self.message || hint != self.hint else { return self }
        var copy = self
        copy.file = file
        copy.problem = .redacted(rule: rule, message: message, hint: hint)
        return copy
    }
}
