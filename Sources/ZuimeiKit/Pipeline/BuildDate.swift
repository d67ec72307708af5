import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiGuard
import ZuimeiSite
import ZuimeiTheme

/// Which day the build is for: what is published is what is dated on or before it.
public enum BuildDate {
    public enum Failure: Error, Equatable {
        case badOption(String)
        case badEpoch(String)
    }

    /// `--date YYYY-MM-DD` first; then `SOURCE_DATE_EPOCH` (seconds since
    /// 1970, read as a UTC day, as reproducible-builds.org specifies); then
    /// today in the machine's time zone.
    public static func resolve(option: String?, environment: [String: String], now: Date = Date(),
                               timeZone: TimeZone = .current) -> Result<Day, Failure> {
        if let option {
            guard let day = Day(option) else { return .failure(.badOption(option)) }
            return .success(day)
        }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            // Up to 9999-12-31T23:59:59Z: a later one has no four-digit year (and trapped before).
            guard let seconds = Int(epoch), seconds >= 0, seconds <= 253_402_300_799 else { return .failure(.badEpoch(epoch)) }
            return .success(Day(Date(timeIntervalSince1970: TimeInterval(seconds)), in: TimeZone(identifier: "UTC")!))
        }
        return .success(Day(now, in: timeZone))
    }
}
