// swift-tools-version:6.0
// Zuimei: a static-site generator for the "最美基层高校毕业生" campaign.
//
// One target per pipeline stage; dependencies point one way:
//   ZuimeiDiagnostics  errors as values with a location, for every stage that reports problems
//   ZuimeiMarkdown     Markdown text -> HTML fragment (the only importer of CCmark)
//   ZuimeiTemplates    Mustache templates -> strings, our own renderer (knows nothing of Markdown)
//   ZuimeiContent      Content/ -> typed model, loading (Yams)
//   ZuimeiPrivacy      private-data matching: what a reader sees, normalised (NFKC, no spaces or separators);
//                      a PDF's compressed streams inflated with zlib (CZlib) to read their text
//   ZuimeiRules        the campaign's rules over the loaded content
//   ZuimeiImages       photos decoded and re-encoded without metadata (the only importer of CVips, libvips)
//   ZuimeiSearch       the search index: exact n-gram postings, compressed (zlib, CZlib)
//   ZuimeiOutput       the only code that writes site/ (and the only importer of CCrypto)
//   ZuimeiKit          the pipeline: load -> validate -> render -> site model -> templates -> write
//   ZuimeiServe        the preview server (`zuimei serve`; its own strict HTTP/1.1 on FlyingSocks)
//   ZuimeiScaffold     `zuimei new`: the files a media team starts from
//   zuimei             the thin CLI
import PackageDescription

let package = Package(
    name: "Zuimei",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zuimei", targets: ["zuimei"]),
        .library(name: "ZuimeiKit", targets: ["ZuimeiKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", .upToNextMinor(from: "1.8.2")),
        .package(url: "https://github.com/jpsim/Yams", .upToNextMinor(from: "6.2.2")),
        .package(url: "https://github.com/swhitty/FlyingFox", .upToNextMinor(from: "0.27.1")),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // The shim includes <vips/vips.h>, which needs only GLib's headers beyond /usr/include;
        // it links libvips itself (module.modulemap). Naming glib-2.0 here, not vips, keeps the
        // flags of libvips' own dependencies out (OpenEXR's `-pthread`, which SwiftPM refuses
        // with a warning in every build).
        .systemLibrary(
            name: "CVips",
            pkgConfig: "glib-2.0",
            providers: [.apt(["libvips-dev"]), .brew(["vips"])]
        ),
        .target(name: "ZuimeiDiagnostics", resources: [.copy("Messages")]),
        .target(name: "ZuimeiPrivacy", dependencies: ["CZlib", "ZuimeiParallel"]),
        .target(name: "ZuimeiImages", dependencies: ["CVips", "ZuimeiParallel"]),
        .target(name: "ZuimeiParallel"),
        .target(name: "ZuimeiMarkdown", dependencies: ["CCmark", "ZuimeiParallel"]),
        .target(name: "ZuimeiTemplates"),
        .target(name: "ZuimeiSearch", dependencies: ["CZlib", "ZuimeiParallel"]),
        .target(name: "ZuimeiContent", dependencies: ["CCrypto", "ZuimeiDiagnostics", "ZuimeiParallel", "ZuimeiPrivacy", "Yams"]),
        .target(name: "ZuimeiRules", dependencies: ["ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiMarkdown", "ZuimeiParallel", "ZuimeiPrivacy"]),
        .target(name: "ZuimeiOutput", dependencies: ["CCrypto", "CZlib", "ZuimeiParallel"]),
        // The build's cache directory (`.zuimei-cache/`): its place, its lock, sealed records.
        .target(name: "ZuimeiCache", dependencies: ["ZuimeiDiagnostics", "ZuimeiOutput", "ZuimeiParallel"]),
        // The site as published: what is published, the stories' files and photos, the Markdown
        // rendered (links resolved, the theme's hooks), translations.
        .target(
            name: "ZuimeiSite",
            dependencies: ["ZuimeiCache", "ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiImages", "ZuimeiMarkdown", "ZuimeiOutput",
                           "ZuimeiParallel", "ZuimeiRules", "ZuimeiTemplates"]
        ),
        // The site model in each language, the pages' view models, the built-in theme (templates,
        // strings, static files), feeds, sitemap and robots.txt.
        .target(
            name: "ZuimeiTheme",
            dependencies: ["ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiMarkdown", "ZuimeiOutput", "ZuimeiParallel", "ZuimeiSearch",
                           "ZuimeiSite", "ZuimeiTemplates", "Yams"],
            resources: [.copy("Theme")]
        ),
        // The private-data guard over every output file, with its cache of files found clean.
        .target(
            name: "ZuimeiGuard",
            dependencies: ["ZuimeiCache", "ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiOutput", "ZuimeiParallel", "ZuimeiPrivacy",
                           "ZuimeiRules", "ZuimeiTemplates"]
        ),
        // The pipeline: the stages in order, the build's memo and cache, the search index's files.
        .target(
            name: "ZuimeiKit",
            dependencies: [
                "ZuimeiCache", "ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiGuard", "ZuimeiMarkdown", "ZuimeiOutput", "ZuimeiParallel",
                "ZuimeiPrivacy", "ZuimeiRules", "ZuimeiSearch", "ZuimeiSite", "ZuimeiTemplates", "ZuimeiTheme",
            ]
        ),
        .target(name: "ZuimeiScaffold", dependencies: ["ZuimeiContent", "ZuimeiDiagnostics"], resources: [.copy("Scaffolds")]),
        .target(
            name: "ZuimeiServe",
            // FlyingSocks only (non-blocking sockets, epoll): the HTTP layer is our own (SiteServer).
            dependencies: ["ZuimeiKit", "ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiOutput", "ZuimeiParallel",
                           .product(name: "FlyingSocks", package: "FlyingFox")]
        ),
        .executableTarget(
            name: "zuimei",
            dependencies: [
                "ZuimeiKit", "ZuimeiDiagnostics", "ZuimeiContent", "ZuimeiOutput", "ZuimeiParallel", "ZuimeiServe",
                "ZuimeiScaffold", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ZuimeiMarkdownTests", dependencies: ["ZuimeiMarkdown"]),
        .testTarget(name: "ZuimeiDiagnosticsTests", dependencies: ["ZuimeiDiagnostics"]),
        .testTarget(name: "ZuimeiSearchTests", dependencies: ["ZuimeiSearch"]),
        .target(name: "ZuimeiFuzzing", dependencies: ["ZuimeiContent", "ZuimeiMarkdown", "ZuimeiOutput", "ZuimeiPrivacy", "ZuimeiServe"]),
        .executableTarget(name: "zuimei-fuzz", dependencies: ["ZuimeiFuzzing"]),
        .testTarget(name: "ZuimeiFuzzingTests", dependencies: ["ZuimeiFuzzing"], exclude: []),
        .testTarget(name: "ZuimeiTemplatesTests", dependencies: ["ZuimeiTemplates"], resources: [.copy("Spec")]),
        .target(name: "ZuimeiTestSupport", dependencies: ["CZlib"], path: "Tests/ZuimeiTestSupport"),
        .testTarget(name: "ZuimeiContentTests", dependencies: ["ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiTestSupport"]),
        .testTarget(name: "ZuimeiOutputTests", dependencies: ["ZuimeiOutput", "ZuimeiTestSupport"]),
        .testTarget(name: "ZuimeiPrivacyTests", dependencies: ["ZuimeiPrivacy", "ZuimeiTestSupport"]),
        .testTarget(name: "ZuimeiImagesTests", dependencies: ["ZuimeiImages", "ZuimeiTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ZuimeiServeTests", dependencies: ["ZuimeiServe"]),
        .testTarget(
            name: "ZuimeiRulesTests", dependencies: ["ZuimeiRules", "ZuimeiContent", "ZuimeiDiagnostics", "ZuimeiTestSupport"]),
        .testTarget(
            name: "ZuimeiKitTests",
            dependencies: ["ZuimeiKit", "ZuimeiCache", "ZuimeiDiagnostics", "ZuimeiContent", "ZuimeiGuard", "ZuimeiMarkdown", "ZuimeiOutput",
                           "ZuimeiRules", "ZuimeiScaffold", "ZuimeiSite", "ZuimeiTheme",
                           "ZuimeiSearch", "ZuimeiTemplates", "ZuimeiTestSupport"],
            exclude: ["Fixtures", "Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
