import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiSite
import ZuimeiTheme

/// The WeChat and Weibo export (`zuimei export wechat`, issue 27) in a build.
public enum WeChatExport: Sendable, Equatable {
    /// Only the export is written, into the build's output: the stories named by id
    /// (`2021/ili-example`), or every published one when none is named.
    case only(stories: [String])
    /// The site as usual, with the export's pages beside it under `__zuimei/wechat/` (`zuimei serve`).
    case alongside
}

/// Where the export's pages are in a site that `zuimei serve` serves.
public let weChatPreviewRoot = "__zuimei/wechat/"

extension BuildOptions {
    /// A build that writes only the WeChat export.
    var exportsOnly: Bool { if case .only = wechat { true } else { false } }
}

/// Stage: the export's pages, from the site model of each language. Exporting alone, they are the
/// plan's only files, and a story named that is not there, is a draft, or is not published on
/// the build date is an error naming it.
func planWeChat(_ plan: SitePlan, _ content: Content, _ export: WeChatExport, _ run: inout BuildRun) -> SitePlan {
    var plan = plan
    switch export {
    case .alongside:
        plan.pages += weChatJobs(plan.models, root: weChatPreviewRoot, markdown: run.markdown, memo: run.options.memo?.wechat)
    case .only(let named):
        let options = run.options
        let ids = content.stories.map(\.id)
        for id in named {
            guard let story = content.stories.first(where: { $0.id == id }) else {
                run.diagnostics.append(Diagnostic(file: options.content,
                                                  problem: .exportUnknownStory(id: id, suggestion: closestMatch(to: id, in: ids))))
                continue
            }
            guard !story.isPublished(on: options.date) else { continue }
            let problem: Problem = switch story.status {
            case .draft: .exportDraft(id: id)
            case .approved: .exportFuture(id: id, storyDate: story.date.description, date: options.date.description)
            default: .exportNotApproved(id: id, status: story.status.rawValue)
            }
            run.diagnostics.append(Diagnostic(file: story.source.display, problem: problem))
        }
        plan.pages = weChatJobs(plan.models, root: "", only: named.isEmpty ? nil : Set(named), markdown: run.markdown)
        plan.others = []
    }
    return plan
}
