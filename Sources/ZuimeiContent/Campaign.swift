/// Where the campaign stands on a day: which edition, which of its five stages.
public enum Stage: String, CaseIterable, Sendable, Codable {
    case mobilisation, nomination, review, publicity, study

    public var next: Stage? {
        let all = Stage.allCases
        let index = all.firstIndex(of: self)!
        return index + 1 < all.count ? all[index + 1] : nil
    }
}

extension Stages {
    public subscript(stage: Stage) -> DateRange {
        switch stage {
        case .mobilisation: mobilisation
        case .nomination: nomination
        case .review: review
        case .publicity: publicity
        case .study: study
        }
    }
}

extension Edition {
    /// The stage `day` falls in, if any.
    public func stage(on day: Day) -> Stage? {
        Stage.allCases.first { stages[$0].contains(day) }
    }

    /// The next stage to start after `day`, if any.
    public func nextStage(after day: Day) -> Stage? {
        Stage.allCases.first { stages[$0].from > day }
    }

    /// The 公示 period: the announcement's own dates, else the review stage.
    public var announcementPeriod: DateRange {
        DateRange(from: announcement.from ?? stages.review.from, to: announcement.to ?? stages.review.to)
    }

    /// The announcement is public from the start of the review stage (or of its own period) on.
    public func announcementIsPublic(on day: Day) -> Bool {
        day >= min(announcementPeriod.from, stages.review.from)
    }
}

/// The edition a reader arriving on `day` cares about: one under way, else the
/// latest that has started, else the first still to come.
public func currentEdition(_ editions: [Int: Edition], on day: Day) -> Edition? {
    let sorted = editions.values.sorted { $0.year < $1.year }
    if let running = sorted.last(where: { $0.stages.mobilisation.from <= day && day <= $0.stages.study.to }) {
        return running
    }
    return sorted.last { $0.stages.mobilisation.from <= day } ?? sorted.first
}
