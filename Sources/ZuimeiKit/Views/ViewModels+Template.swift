import ZuimeiTemplates

// Each view model names its fields for the templates: rendering looks them up
// here instead of reflecting over the value (Mirror), which profiling showed
// to be most of the time of a large build. Keep these in step with the fields.

extension Layout: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "language": language
        case "direction": direction
        case "documentTitle": documentTitle
        case "siteTitle": siteTitle
        case "siteDescription": siteDescription
        case "description": description
        case "canonical": canonical
        case "root": root
        case "generator": generator
        case "noindex": noindex
        case "preview": preview
        case "nav": nav
        case "feeds": feeds
        case "openGraph": openGraph
        case "icon": icon
        default: nil
        }
    }
}

extension Icon: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "path": path
        case "type": type
        default: nil
        }
    }
}

extension NavItem: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "href": href
        case "current": current
        default: nil
        }
    }
}

extension FeedLink: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "href": href
        default: nil
        }
    }
}

extension OpenGraph: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "type": type
        case "title": title
        case "description": description
        case "url": url
        case "siteName": siteName
        case "locale": locale
        case "image": image
        case "imageAlt": imageAlt
        case "twitterCard": twitterCard
        default: nil
        }
    }
}

extension StoryCard: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "href": href
        case "name": name
        case "prefecture": prefecture
        case "isoDate": isoDate
        case "displayDate": displayDate
        case "summary": summary
        case "winner": winner
        case "level": level
        default: nil
        }
    }
}

extension StageView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "editionTitle": editionTitle
        case "timelineHref": timelineHref
        case "now": now
        case "next": next
        case "announcementHref": announcementHref
        default: nil
        }
    }
}

extension HomeView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "stage": stage
        case "studyFirst": studyFirst
        case "study": study
        case "winners": winners
        case "stories": stories
        case "storyCount": storyCount
        case "storiesHref": storiesHref
        default: nil
        }
    }
}

extension FactItem: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "text": text
        case "href": href
        default: nil
        }
    }
}

extension Fact: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "items": items
        default: nil
        }
    }
}

extension PhotoView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "src": src
        case "alt": alt
        default: nil
        }
    }
}

extension StoryLink: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "href": href
        default: nil
        }
    }
}

extension StoryView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "title": title
        case "edition": edition
        case "editionHref": editionHref
        case "isoDate": isoDate
        case "displayDate": displayDate
        case "prefecture": prefecture
        case "prefectureHref": prefectureHref
        case "readingMinutes": readingMinutes
        case "winner": winner
        case "photo": photo
        case "facts": facts
        case "body": body
        case "newer": newer
        case "older": older
        case "related": related
        case "study": study
        default: nil
        }
    }
}

extension PageLinkView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "number": number
        case "href": href
        case "current": current
        case "gap": gap
        default: nil
        }
    }
}

extension PaginationView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "pages": pages
        case "previous": previous
        case "next": next
        case "current": current
        case "total": total
        default: nil
        }
    }
}

extension StageRow: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "range": range
        case "isoFrom": isoFrom
        case "current": current
        case "past": past
        default: nil
        }
    }
}

extension ListView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "heading": heading
        case "intro": intro
        case "timeline": timeline
        case "announcementHref": announcementHref
        case "stories": stories
        case "total": total
        case "pagination": pagination
        case "feedHref": feedHref
        default: nil
        }
    }
}

extension TermRow: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "href": href
        case "count": count
        default: nil
        }
    }
}

extension TermsView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "heading": heading
        case "intro": intro
        case "terms": terms
        default: nil
        }
    }
}

extension CandidateRow: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "prefecture": prefecture
        case "workplace": workplace
        case "programs": programs
        default: nil
        }
    }
}

extension AnnouncementView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "heading": heading
        case "editionTitle": editionTitle
        case "period": period
        case "feedback": feedback
        case "candidates": candidates
        case "count": count
        case "timelineHref": timelineHref
        default: nil
        }
    }
}

extension PageView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "title": title
        case "body": body
        default: nil
        }
    }
}

extension StudyView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "title": title
        case "isoDate": isoDate
        case "displayDate": displayDate
        case "body": body
        case "stories": stories
        case "questions": questions
        default: nil
        }
    }
}

extension StudyItem: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "href": href
        case "isoDate": isoDate
        case "displayDate": displayDate
        case "summary": summary
        default: nil
        }
    }
}

extension StudyIndexView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "items": items
        case "bookletHref": bookletHref
        case "feedHref": feedHref
        default: nil
        }
    }
}

extension BookletEntry: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "number": number
        case "anchor": anchor
        case "title": title
        case "name": name
        case "prefecture": prefecture
        case "workplace": workplace
        case "photo": photo
        case "body": body
        case "questions": questions
        default: nil
        }
    }
}

extension BookletView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "heading": heading
        case "editionTitle": editionTitle
        case "entries": entries
        case "questions": questions
        default: nil
        }
    }
}

extension NotFoundView: TemplateContext {
    func child(named key: String) -> Any? {
        switch key {
        case "layout": layout
        case "homeHref": homeHref
        default: nil
        }
    }
}

