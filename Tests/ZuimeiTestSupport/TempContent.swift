import Foundation

/// A content directory in a temporary folder, made file by file for one test.
public struct TempContent {
    public let root: URL

    public static let site = """
    title: "测试站点"
    base_url: "https://zuimei.fixture/zuimei/"
    prefectures:
      - {name: "伊犁哈萨克自治州", slug: ili}
      - {name: "喀什地区", slug: kashgar}
    programs:
      - {name: "大学生村官", slug: village-official}
      - {name: "西部计划", slug: serve-the-west}
    fields:
      - {name: "乡村振兴", slug: rural-revitalisation}
      - {name: "教育", slug: education}

    """

    public static let edition = """
    title: "2021年"
    reference_date: 2021-06-24
    quota_per_prefecture: 3
    winners: 3
    stages:
      mobilisation: {from: 2021-06-13, to: 2021-06-18}
      nomination: {from: 2021-06-19, to: 2021-06-24}
      review: {from: 2021-06-25, to: 2021-07-31}
      publicity: {from: 2021-08-01, to: 2021-10-31}
      study: {from: 2021-11-01, to: 2021-12-31}

    """

    /// A valid story's front matter lines (without the `---` lines). Line 2 of
    /// the file is `title`, and each key is one line further, in this order.
    public static let storyKeys = [
        "title: \"标题\"",                 // line 2
        "name: \"测试人物\"",               // 3
        "born: 1990-05",                  // 4
        "university: \"新疆大学\"",          // 5
        "graduated: 2012",                // 6
        "prefecture: \"伊犁哈萨克自治州\"",     // 7
        "workplace: \"某村委会\"",           // 8
        "grassroots_since: 2012-08",      // 9
        "programs: [\"大学生村官\"]",         // 10
        "fields: [\"乡村振兴\", \"教育\"]",     // 11
        "status: approved",               // 12
        "date: 2021-08-10",               // 13
    ]

    public static func story(replacing: [String: String] = [:], adding: [String] = [], body: String = "正文。\n") -> String {
        let lines = storyKeys.map { line -> String in
            let key = String(line.prefix { $0 != ":" })
            return replacing[key] ?? line
        } + adding
        return "---\n" + lines.joined(separator: "\n") + "\n---\n" + body
    }

    public init(files: [String: String] = [:], withDefaults: Bool = true) throws {
        // A project of its own: `.zuimei-cache/` goes beside the content, and tests run at the same time.
        root = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-test-\(UUID().uuidString)")
            .appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if withDefaults {
            try write("site.yml", Self.site)
            try write("editions/2021.yml", Self.edition)
        }
        for (path, text) in files { try write(path, text) }
    }

    public func write(_ path: String, _ text: String) throws { try write(path, Data(text.utf8)) }

    public func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    public func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

    /// Paths in diagnostics are shown below the directory as it was named.
    public var display: String { root.path }
    public func display(_ relative: String) -> String { root.path + "/" + relative }
}
