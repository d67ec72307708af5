import ZuimeiSite
import ZuimeiTemplates

// Each view model names its fields for the templates: rendering looks them up
// here instead of reflecting over the value (Mirror), which profiling showed
// to be most of the time of a large build. Keep these in step with the fields.

extension Layout: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "language": TemplateValue(language)
        case "direction": TemplateValue(direction)
        case "documentTitle": TemplateValue(documentTitle)
        case "siteTitle": TemplateValue(siteTitle)
        case "siteDescription": TemplateValue(siteDescription)
        case "description": TemplateValue(description)
        case "canonical": TemplateValue(canonical)
        case "root": TemplateValue(root)
        case "siteRoot": TemplateValue(siteRoot)
        case "t": TemplateValue(t)
        case "generator": TemplateValue(generator)
        case "generatorLine": TemplateValue(generatorLine)
        case "checksums": TemplateValue(checksums)
        case "signed": TemplateValue(signed)
        case "noindex": TemplateValue(noindex)
        case "preview": TemplateValue(preview)
        case "nav": TemplateValue(nav)
        case "crumbs": TemplateValue(crumbs)
        case "feeds": TemplateValue(feeds)
        case "openGraph": TemplateValue(openGraph)
        case "icon": TemplateValue(icon)
        case "alternates": TemplateValue(alternates)
        case "languages": TemplateValue(languages)
        case "urls": TemplateValue(urls)
        default: nil
        }
    }
}

extension SiteURLs: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "home": TemplateValue(home)
        case "stories": TemplateValue(stories)
        case "prefectures": TemplateValue(prefectures)
        case "programs": TemplateValue(programs)
        case "fields": TemplateValue(fields)
        case "editions": TemplateValue(editions)
        case "study": TemplateValue(study)
        case "search": TemplateValue(search)
        case "feed": TemplateValue(feed)
        case "style": TemplateValue(style)
        case "checksums": TemplateValue(checksums)
        case "signature": TemplateValue(signature)
        default: nil
        }
    }
}

extension Icon: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "path": TemplateValue(path)
        case "type": TemplateValue(type)
        default: nil
        }
    }
}

extension NavItem: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "runs": TemplateValue(runs)
        case "href": TemplateValue(href)
        case "current": TemplateValue(current)
        default: nil
        }
    }
}

extension FeedLink: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(title)
        case "href": TemplateValue(href)
        default: nil
        }
    }
}

extension OpenGraph: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "type": TemplateValue(type)
        case "title": TemplateValue(title)
        case "description": TemplateValue(description)
        case "url": TemplateValue(url)
        case "siteName": TemplateValue(siteName)
        case "locale": TemplateValue(locale)
        case "image": TemplateValue(image)
        case "imageAlt": TemplateValue(imageAlt)
        case "imageSource": TemplateValue(imageSource)
        case "imageWidth": TemplateValue(imageWidth)
        case "imageHeight": TemplateValue(imageHeight)
        case "twitterCard": TemplateValue(twitterCard)
        default: nil
        }
    }
}

extension StoryCard: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(title)
        case "href": TemplateValue(href)
        case "name": TemplateValue(name)
        case "prefecture": TemplateValue(prefecture)
        case "isoDate": TemplateValue(isoDate)
        case "displayDate": TemplateValue(displayDate)
        case "summary": TemplateValue(summary)
        case "winner": TemplateValue(winner)
        case "level": TemplateValue(level)
        default: nil
        }
    }
}

extension StageView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "editionTitle": TemplateValue(editionTitle)
        case "timelineHref": TemplateValue(timelineHref)
        case "now": TemplateValue(now)
        case "next": TemplateValue(next)
        case "announcementHref": TemplateValue(announcementHref)
        default: nil
        }
    }
}

extension HomeView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "stage": TemplateValue(stage)
        case "studyFirst": TemplateValue(studyFirst)
        case "study": TemplateValue(study)
        case "winners": TemplateValue(winners)
        case "stories": TemplateValue(stories)
        case "storyCount": TemplateValue(storyCount)
        case "allStoriesLabel": TemplateValue(allStoriesLabel)
        case "storiesHref": TemplateValue(storiesHref)
        case "bookletHref": TemplateValue(bookletHref)
        default: nil
        }
    }
}

extension FactItem: TemplateContext {
    public func child(named key: String) -> TemplateValue? {
        switch key {
        case "href": TemplateValue(href)
        case "runs": TemplateValue(runs)
        default: nil
        }
    }
}

extension Fact: TemplateContext {
    public func child(named key: String) -> TemplateValue? {
        switch key {
        case "label": TemplateValue(label)
        case "items": TemplateValue(items)
        default: nil
        }
    }
}

extension VideoView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(title)
        case "src": TemplateValue(src)
        case "type": TemplateValue(type)
        case "format": TemplateValue(format)
        case "size": TemplateValue(size)
        case "downloadLabel": TemplateValue(downloadLabel)
        case "poster": TemplateValue(poster)
        case "width": TemplateValue(width)
        case "height": TemplateValue(height)
        case "captions": TemplateValue(captions)
        case "captionsSource": TemplateValue(captionsSource)
        case "captionsLanguage": TemplateValue(captionsLanguage)
        case "captionsLabel": TemplateValue(captionsLabel)
        default: nil
        }
    }
}

extension SearchView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "title": TemplateValue(title)
        case "query": TemplateValue(query)
        case "editions": TemplateValue(editions)
        case "prefectures": TemplateValue(prefectures)
        case "programs": TemplateValue(programs)
        case "stringsJSON": TemplateValue(stringsJSON)
        case "scriptHref": TemplateValue(scriptHref)
        case "indexPath": TemplateValue(indexPath)
        case "metaFile": TemplateValue(metaFile)
        default: nil
        }
    }
}

extension PhotoView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "webpSrcset": TemplateValue(webpSrcset)
        case "src": TemplateValue(src)
        case "alt": TemplateValue(alt)
        case "srcset": TemplateValue(srcset)
        case "width": TemplateValue(width)
        case "height": TemplateValue(height)
        case "lazy": TemplateValue(lazy)
        case "full": TemplateValue(full)
        case "openGraph": TemplateValue(openGraph)
        default: nil
        }
    }
}

extension StoryLink: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(title)
        case "href": TemplateValue(href)
        default: nil
        }
    }
}

extension StoryView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "title": TemplateValue(title)
        case "edition": TemplateValue(edition)
        case "editionHref": TemplateValue(editionHref)
        case "isoDate": TemplateValue(isoDate)
        case "displayDate": TemplateValue(displayDate)
        case "prefecture": TemplateValue(prefecture)
        case "prefectureHref": TemplateValue(prefectureHref)
        case "readingMinutes": TemplateValue(readingMinutes)
        case "readingTime": TemplateValue(readingTime)
        case "winner": TemplateValue(winner)
        case "photo": TemplateValue(photo)
        case "facts": TemplateValue(facts)
        case "body": TemplateValue(body)
        case "videos": TemplateValue(videos)
        case "newer": TemplateValue(newer)
        case "older": TemplateValue(older)
        case "related": TemplateValue(related)
        case "study": TemplateValue(study)
        case "outdatedHref": TemplateValue(outdatedHref)
        default: nil
        }
    }
}

extension PageLinkView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "number": TemplateValue(number)
        case "href": TemplateValue(href)
        case "current": TemplateValue(current)
        case "gap": TemplateValue(gap)
        default: nil
        }
    }
}

extension PaginationView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "pages": TemplateValue(pages)
        case "previous": TemplateValue(previous)
        case "next": TemplateValue(next)
        case "current": TemplateValue(current)
        case "total": TemplateValue(total)
        default: nil
        }
    }
}

extension StageRow: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "name": TemplateValue(name)
        case "range": TemplateValue(range)
        case "isoFrom": TemplateValue(isoFrom)
        case "current": TemplateValue(current)
        case "past": TemplateValue(past)
        default: nil
        }
    }
}

extension ListView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "heading": TemplateValue(heading)
        case "intro": TemplateValue(intro)
        case "timeline": TemplateValue(timeline)
        case "announcementHref": TemplateValue(announcementHref)
        case "stories": TemplateValue(stories)
        case "total": TemplateValue(total)
        case "pagination": TemplateValue(pagination)
        case "feedHref": TemplateValue(feedHref)
        default: nil
        }
    }
}

extension TermRow: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "name": TemplateValue(name)
        case "href": TemplateValue(href)
        case "count": TemplateValue(count)
        case "countLabel": TemplateValue(countLabel)
        default: nil
        }
    }
}

extension TermsView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "heading": TemplateValue(heading)
        case "intro": TemplateValue(intro)
        case "terms": TemplateValue(terms)
        default: nil
        }
    }
}

extension CandidateRow: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "name": TemplateValue(name)
        case "prefecture": TemplateValue(prefecture)
        case "workplace": TemplateValue(workplace)
        case "programs": TemplateValue(programs)
        case "outcome": TemplateValue(outcome)
        case "programRuns": TemplateValue(programRuns)
        default: nil
        }
    }
}

extension AnnouncementView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "heading": TemplateValue(heading)
        case "editionTitle": TemplateValue(editionTitle)
        case "period": TemplateValue(period)
        case "intro": TemplateValue(intro)
        case "feedback": TemplateValue(feedback)
        case "candidates": TemplateValue(candidates)
        case "count": TemplateValue(count)
        case "timelineHref": TemplateValue(timelineHref)
        case "ended": TemplateValue(ended)
        case "notes": TemplateValue(notes)
        default: nil
        }
    }
}

extension PageView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "title": TemplateValue(title)
        case "body": TemplateValue(body)
        case "outdatedHref": TemplateValue(outdatedHref)
        default: nil
        }
    }
}

extension StudyView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "title": TemplateValue(title)
        case "isoDate": TemplateValue(isoDate)
        case "displayDate": TemplateValue(displayDate)
        case "body": TemplateValue(body)
        case "stories": TemplateValue(stories)
        case "questions": TemplateValue(questions)
        case "outdatedHref": TemplateValue(outdatedHref)
        default: nil
        }
    }
}

extension StudyItem: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(title)
        case "href": TemplateValue(href)
        case "isoDate": TemplateValue(isoDate)
        case "displayDate": TemplateValue(displayDate)
        case "summary": TemplateValue(summary)
        default: nil
        }
    }
}

extension StudyIndexView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "items": TemplateValue(items)
        case "bookletHref": TemplateValue(bookletHref)
        case "feedHref": TemplateValue(feedHref)
        case "book": book.map { TemplateValue.object($0) } ?? .bool(false)
        default: nil
        }
    }
}

extension BookLink: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "href": .string(href)
        case "label": .string(label)
        default: nil
        }
    }
}

extension BookletEntry: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "number": TemplateValue(number)
        case "anchor": TemplateValue(anchor)
        case "title": TemplateValue(title)
        case "name": TemplateValue(name)
        case "prefecture": TemplateValue(prefecture)
        case "workplace": TemplateValue(workplace)
        case "photo": TemplateValue(photo)
        case "body": TemplateValue(body)
        case "questions": TemplateValue(questions)
        default: nil
        }
    }
}

extension BookletView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "heading": TemplateValue(heading)
        case "editionTitle": TemplateValue(editionTitle)
        case "entries": TemplateValue(entries)
        case "lead": TemplateValue(lead)
        case "questions": TemplateValue(questions)
        case "headingRuns": TemplateValue(headingRuns)
        case "book": book.map { TemplateValue.object($0) } ?? .bool(false)
        default: nil
        }
    }
}

extension NotFoundView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "homeHref": TemplateValue(homeHref)
        default: nil
        }
    }
}


// The view models of whole pages, compared with the last build's (`PageMemo`).
extension HomeView: PageViewModel {}
extension StoryView: PageViewModel {}
extension ListView: PageViewModel {}
extension TermsView: PageViewModel {}
extension AnnouncementView: PageViewModel {}
extension PageView: PageViewModel {}
extension SearchView: PageViewModel {}
extension StudyView: PageViewModel {}
extension StudyIndexView: PageViewModel {}
extension BookletView: PageViewModel {}
extension NotFoundView: PageViewModel {}
extension UntranslatedView: PageViewModel {}

extension UntranslatedView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "layout": TemplateValue(layout)
        case "originalHref": TemplateValue(originalHref)
        default: nil
        }
    }
}

extension AlternateLink: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "hreflang": TemplateValue(hreflang)
        case "href": TemplateValue(href)
        default: nil
        }
    }
}

extension LanguageLink: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "code": TemplateValue(code)
        case "name": TemplateValue(name)
        case "direction": TemplateValue(direction)
        case "href": TemplateValue(href)
        case "current": TemplateValue(current)
        case "translated": TemplateValue(translated)
        case "original": TemplateValue(original)
        default: nil
        }
    }
}

extension TextRun: TemplateContext {
    /// Without a language, `lang` and `dir` are false, not missing: a section on them must not
    /// find another context's.
    public func child(named key: String) -> TemplateValue? {
        switch key {
        case "text": TemplateValue(text)
        case "lang": lang.map(TemplateValue.string) ?? .bool(false)
        case "dir": dir.map(TemplateValue.string) ?? .bool(false)
        default: nil
        }
    }

    /// `{{name}}` prints the text (escaped), as it did before texts carried their language.
    public var interpolation: String? { text }
}
