import Mustache

/// A view model that names its own fields for templates: `{{title}}` asks
/// `child(named: "title")`. Without it swift-mustache reflects over the value
/// with `Mirror` on every lookup, which dominates the time of a large build.
public protocol TemplateContext: MustacheParent {
    func child(named name: String) -> Any?
}
