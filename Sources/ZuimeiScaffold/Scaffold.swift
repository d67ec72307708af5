import Foundation
import ZuimeiContent
import ZuimeiDiagnostics

/// `zuimei new`: files a media team starts from, with a Chinese comment on
/// every field. They never overwrite anything.
public enum Scaffold {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case exists(String)
        case badStoryID(String)
        case badYear(String)
        case noSite(String)
        case unknownPrefecture(String, suggestion: String?)
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; nothing was written"
            case .badStoryID(let id): "'\(id)' is not <year>/<slug> (e.g. 2021/ili-example: lowercase ASCII letters, digits and hyphens)"
            case .badYear(let year): "'\(year)' is not a year (YYYY)"
            case .noSite(let path): "\(path) is missing or has errors: run zuimei check, or start with zuimei new site DIR"
            case .unknownPrefecture(let name, let suggestion):
                "unknown prefecture '\(name)'" + (suggestion.map { "; did you mean \($0)?" } ?? "; use a name listed in site.yml")
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    // MARK: new story

    /// Writes `stories/<year>/<slug>/index.md` with every front-matter field and `status: draft`.
    public static func story(id: String, name: String?, prefecture: String?, content: String, today: Day) throws(Failure) -> String {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), isValidSlug(String(parts[1])) else {
            throw .badStoryID(id)
        }
        let slug = String(parts[1])
        let siteFile = content + "/site.yml"
        guard let site = loadSiteConfig(at: siteFile).0 else { throw .noSite(siteFile) }
        if let prefecture, !site.prefectures.contains(where: { $0.name == prefecture }) {
            throw .unknownPrefecture(prefecture, suggestion: closestMatch(to: prefecture, in: site.prefectures.map(\.name)))
        }
        for existing in ["stories/\(year)/\(slug).md", "stories/\(year)/\(slug)/index.md"] where
            FileManager.default.fileExists(atPath: content + "/" + existing) {
            throw .exists(content + "/" + existing)
        }
        let path = content + "/stories/\(year)/\(slug)/index.md"
        try write(storyText(name: name, prefecture: prefecture, today: today, site: site), to: path)
        return path
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func storyText(name: String?, prefecture: String?, today: Day, site: SiteConfig) -> String {
        let programs = site.programs.map(\.name).joined(separator: "、")
        return """
        ---
        # 标题（必填）：事迹的标题
        title: \(quoted(name.map { "\($0)的故事" } ?? ""))
        # 姓名（必填）：候选人姓名
        name: \(name.map(quoted) ?? "")
        # 性别（选填）：男 或 女
        gender:
        # 民族（选填）：如 维吾尔族
        ethnicity:
        # 出生年月（必填）：YYYY-MM，如 1990-05；候选人须在40岁以内
        born:
        # 毕业院校（必填）
        university:
        # 毕业年份（必填）：YYYY
        graduated:
        # 所在地州（必填）：须为 site.yml 中的地州市名称
        prefecture: \(prefecture.map(quoted) ?? "")
        # 工作单位及职务（必填）
        workplace:
        # 到基层工作的年月（必填）：YYYY-MM；须在基层工作5年以上
        grassroots_since:
        # 服务项目（选填）：\(programs)
        programs: []
        # 工作领域（选填）：须为 site.yml 中的领域名称，如 ["乡村振兴"]
        fields: []
        # 状态（必填）：draft 草稿 → nominated 已推荐 → approved 已审核（rejected 未通过，withdrawn 已撤回）
        status: draft
        # 是否为年度“最美”（选填）：true 或 false，仅限已审核的事迹
        winner: false
        # 发布日期（必填）：YYYY-MM-DD；审核通过且到了这一天才会公开
        date: \(today)
        # 摘要（选填）：一两句话；不填则取正文开头
        summary:
        # 照片（选填）：放在本文件旁边的文件名，如 photo.jpg；填写时 photo_alt 必填
        # photo: photo.jpg
        # photo_alt: 照片内容的文字说明
        # 推荐表中的个人信息（身份证号、电话、住址、推荐意见等）只能写在 private 下，永远不会发布；
        # 每次构建都会检查正文、字段、附件和文件名里有没有这些值（含加空格、横线、全角数字等变形）
        private:
          id_number:
          phone:
          address:
          # 本身就公开的值（例如户籍地与地州名称相同）无法保密，把它的键名列在这里即可不再提示
          # known_public: [hukou]
        ---
        （正文：约3000字的事迹材料，用 Markdown 书写。）

        ## 小标题

        正文段落。

        """
    }

    // MARK: new edition

    /// Writes `editions/<year>.yml` with the five stages to fill in.
    public static func edition(year text: String, content: String) throws(Failure) -> String {
        guard text.count == 4, let year = Int(text), year > 1900 else { throw .badYear(text) }
        let path = content + "/editions/\(year).yml"
        guard !FileManager.default.fileExists(atPath: path) else { throw .exists(path) }
        try write(editionText(year: year), to: path)
        return path
    }

    static func editionText(year: Int) -> String {
        """
        # \(year)年“最美基层高校毕业生”学习宣传活动
        # 活动名称（必填）
        title: "\(year)年“最美基层高校毕业生”学习宣传活动"
        # 年龄和基层工作年限的计算日期（必填）：YYYY-MM-DD，通常为推荐材料截止日
        reference_date: \(year)-06-24
        # 每个地州市推荐人数上限（通知：不超过3名）
        quota_per_prefecture: 3
        # 年度“最美”人数（通知：3名）
        winners: 3
        # 事迹字数范围（通知：3000字左右）
        story_length: {min: 2000, max: 4000}
        # 五个活动环节的起止日期（YYYY-MM-DD），依次进行，不能重叠
        stages:
          mobilisation: {from: \(year)-06-13, to: \(year)-06-18}   # 广泛动员
          nomination:   {from: \(year)-06-19, to: \(year)-06-24}   # 组织推荐
          review:       {from: \(year)-06-25, to: \(year)-07-31}   # 评议报送
          publicity:    {from: \(year)-08-01, to: \(year)-10-31}   # 集中宣传
          study:        {from: \(year)-11-01, to: \(year)-12-31}   # 深入学习
        # 公示（选填）：公示期（默认为评议报送阶段）和意见反馈方式
        announcement:
          feedback: "对公示人选如有意见，请在公示期内向活动办公室反映。"

        """
    }

    // MARK: new site

    /// Writes a fresh, buildable site into `directory` (which must not exist or be empty).
    public static func site(at directory: String, today: Day) throws(Failure) -> [String] {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: directory), !entries.isEmpty {
            throw .exists(directory)
        }
        let year = today.year
        var written: [String] = []
        func add(_ relative: String, _ text: String) throws(Failure) {
            try write(text, to: directory + "/" + relative)
            written.append(directory + "/" + relative)
        }
        try add("site.yml", siteText)
        try add("editions/\(year).yml", editionText(year: year))
        try add("stories/\(year)/example-story/index.md", exampleStory(year: year))
        try add("pages/about.md", """
            ---
            title: "关于本站"
            nav_title: "关于"
            summary: "本站发布“最美基层高校毕业生”学习宣传活动的人物事迹。"
            ---
            本站发布“最美基层高校毕业生”学习宣传活动中经过审核的人物事迹。推荐表中的个人信息不会在本站公开。

            """)
        return written
    }

    static let siteText = """
    # 站点名称、简介和正式网址（订阅源、站点地图和 canonical 链接使用 base_url）
    title: "最美基层高校毕业生"
    description: "基层高校毕业生先进事迹学习宣传"
    base_url: "https://example.org/zuimei/"
    language: zh-Hans
    # 每个订阅源包含的最新事迹数
    feed_items: 50
    # 受控词表：名称用于事迹的前置元数据，slug 用于网址（小写字母、数字和连字符）
    prefectures:
      - {name: "乌鲁木齐市", slug: urumqi}
      - {name: "克拉玛依市", slug: karamay}
      - {name: "吐鲁番市", slug: turpan}
      - {name: "哈密市", slug: hami}
      - {name: "昌吉回族自治州", slug: changji}
      - {name: "博尔塔拉蒙古自治州", slug: bortala}
      - {name: "巴音郭楞蒙古自治州", slug: bayingolin}
      - {name: "阿克苏地区", slug: aksu}
      - {name: "克孜勒苏柯尔克孜自治州", slug: kizilsu}
      - {name: "喀什地区", slug: kashgar}
      - {name: "和田地区", slug: hotan}
      - {name: "伊犁哈萨克自治州", slug: ili}
      - {name: "塔城地区", slug: tacheng}
      - {name: "阿勒泰地区", slug: altay}
    programs:
      - {name: "大学生村官", slug: village-official}
      - {name: "三支一扶", slug: three-supports}
      - {name: "特岗教师计划", slug: special-post-teacher}
      - {name: "西部计划", slug: serve-the-west}
    fields:
      - {name: "乡村振兴", slug: rural-revitalisation}
      - {name: "脱贫攻坚成果", slug: poverty-alleviation}
      - {name: "农业农村现代化", slug: agri-modernisation}
      - {name: "民生", slug: livelihood}
      - {name: "社会治理", slug: social-governance}
      - {name: "教育", slug: education}
      - {name: "医疗", slug: health}

    """

    static func exampleStory(year: Int) -> String {
        let born = year - 30, since = year - 8
        return """
        ---
        title: "【示例】扎根基层的青春故事"
        name: "示例人物"
        gender: 女
        born: \(born)-05
        university: "新疆大学"
        graduated: \(since)
        prefecture: "伊犁哈萨克自治州"
        workplace: "伊宁县示例村村委会"
        grassroots_since: \(since)-08
        programs: ["大学生村官"]
        fields: ["乡村振兴"]
        status: approved
        date: \(year)-08-01
        summary: "这是一篇示例事迹，用来展示站点的样子；请换成真实的、经过审核的事迹。"
        private:
          phone: "请在这里填写推荐表中的电话，它不会被发布"
        ---
        > 本文为示例内容，人物与事迹均为虚构。

        这是一篇示例事迹。把它换成经过审核的事迹材料（约3000字），用 `zuimei check` 检查，再用 `make site` 或 `zuimei build` 生成站点。

        ## 扎根基层

        正文段落。

        """
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path, error.localizedDescription)
        }
        // O_EXCL: never overwrite, even if the file appeared since it was looked for.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw errno == EEXIST ? .exists(path) : .cannotWrite(path, String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Foundation.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw .cannotWrite(path, String(cString: strerror(errno)))
        }
    }
}
