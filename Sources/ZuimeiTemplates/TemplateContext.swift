/// What a template sees: a closed set of kinds, so rendering switches over
/// an enum instead of casting `Any` at run time (the casts were most of the
/// time of swift-mustache's renderer on a large site).
public enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case list(any TemplateList)
    case object(any TemplateContext)

    public init<T: TemplateValueConvertible>(_ value: T) { self = value.templateValue }

    /// Mustache's falsey values: false, null and the empty list. Everything else
    /// (an empty string and zero too) is truthy, as swift-mustache had it.
    var isFalsey: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .list(let list): list.count == 0
        case .int, .string, .object: false
        }
    }
}

/// A view model that names its own fields for templates: `{{title}}` asks
/// `child(named: "title")`; nil (or `.null`) means it has no such field, and
/// the name is looked up further down the context stack.
public protocol TemplateContext: TemplateValueConvertible, Sendable {
    func child(named name: String) -> TemplateValue?
    /// What `{{name}}` prints for this value: nil (the default) prints nothing. A text that
    /// carries its language prints its text, so `{{layout.siteTitle}}` stays a title.
    var interpolation: String? { get }
}

extension TemplateContext {
    public var templateValue: TemplateValue { .object(self) }
    public var interpolation: String? { nil }
}

/// A sequence a section iterates.
public protocol TemplateList: Sendable {
    var count: Int { get }
    func element(at index: Int) -> TemplateValue
}

public protocol TemplateValueConvertible: Sendable {
    var templateValue: TemplateValue { get }
}

extension String: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(self) }
}

extension Substring: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(String(self)) }
}

extension Bool: TemplateValueConvertible {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Int: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(self) }
}

extension TemplateValue: TemplateValueConvertible {
    public var templateValue: TemplateValue { self }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    public var templateValue: TemplateValue { self?.templateValue ?? .null }
}

extension Array: TemplateList where Element: TemplateValueConvertible {
    public func element(at index: Int) -> TemplateValue { self[index].templateValue }
}

extension Array: TemplateValueConvertible where Element: TemplateValueConvertible {
    public var templateValue: TemplateValue { .list(self) }
}

/// A context made of named values, for tests and small views.
public struct TemplateDictionary: TemplateContext {
    public var values: [String: TemplateValue]

    public init(_ values: [String: TemplateValue]) { self.values = values }

    public func child(named name: String) -> TemplateValue? { values[name] }
}
