# Zuimei: two commands do everything on a fresh machine.
#   make site   installs what is missing, builds, renders Content/ into site/
#   make test   builds and runs every test
SWIFT   ?= swift
CONFIG  ?= release
CONTENT ?= Content
OUTPUT  ?= site
BIN     := .build/$(CONFIG)/zuimei
# The tests read English messages: a Chinese locale (which turns them into Chinese) must not change them.
TESTLANG := LC_ALL=C.UTF-8 LANG=C.UTF-8

.PHONY: site test deps build unit-tests cli-tests site-tests test-tools screenshots golden bench privacy-cases incremental-cases fuzz clean

site: build
	$(BIN) build --content $(CONTENT) --output $(OUTPUT) $(if $(DATE),--date $(DATE))

build: deps
	$(SWIFT) build -c $(CONFIG) --product zuimei

deps:
	@bash .ci/install-deps

test: unit-tests cli-tests site-tests

# The dev server's tests on their own: they time a real server's answers over TCP, and the
# other suites' builds, run at the same time, keep Swift's cooperative threads (2 here) busy
# for seconds, which that server's I/O runs on (in `zuimei serve` builds run off those threads).
unit-tests: deps
	$(SWIFT) build --build-tests
	$(TESTLANG) $(SWIFT) test --skip-build --skip ZuimeiServeTests
	$(TESTLANG) $(SWIFT) test --skip-build --filter ZuimeiServeTests

cli-tests: deps
	$(SWIFT) build --product zuimei
	$(TESTLANG) bash Tests/cli/run.sh .build/debug/zuimei

# The built sample site checked with real tools: W3C Nu checker, feedparser and
# lxml, headless Chromium and axe-core (installed by .ci/install-test-tools).
site-tests: test-tools
	$(SWIFT) build --product zuimei
	$(TESTLANG) ZUIMEI=.build/debug/zuimei .build/pytools/bin/pytest -q -p no:cacheprovider Tests/site

test-tools:
	@bash .ci/install-test-tools

# Refresh the README's screenshots (Tests/site/screenshots).
screenshots: test-tools
	$(SWIFT) build --product zuimei
	UPDATE_SCREENSHOTS=1 ZUIMEI=.build/debug/zuimei .build/pytools/bin/pytest -q -p no:cacheprovider Tests/site -k fit

# Accept the current output as the golden files (Tests/ZuimeiKitTests/Golden); review the diff.
golden: deps
	$(SWIFT) build --build-tests
	-ZUIMEI_UPDATE_GOLDEN=1 $(SWIFT) test --skip-build --filter GoldenFilesTests
	$(SWIFT) test --skip-build --filter GoldenFilesTests
	git status --short Tests/ZuimeiKitTests/Golden

# libFuzzer over the parsers that read what users and mirrors hand in (Sources/ZuimeiFuzzing:
# story front matter, Markdown links, SHA256SUMS, dates, served paths, WebVTT, HTTP request
# heads, PDF files as the private-data guard reads them), with
# AddressSanitizer, FUZZ_SECONDS (default 60) in all, from Tests/fuzz/corpus. A crash is
# written to Tests/fuzz/regressions/ (commit it: make test runs every file there) and fails.
FUZZ_SECONDS ?= 60
fuzz: deps
	$(SWIFT) build --scratch-path .build-fuzz --product zuimei-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	mkdir -p .build-fuzz/corpus Tests/fuzz/regressions
	.build-fuzz/debug/zuimei-fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 \
	  -artifact_prefix=Tests/fuzz/regressions/ .build-fuzz/corpus Tests/fuzz/corpus

# Zuimei and Hugo side by side on ../shared/bench's corpus (not part of make test:
# too slow for CI). N="1000 10000 50000" and RUNS=5 to change what it measures;
# SEARCH=0 skips the search rows (Pagefind, headless Chromium) at the largest N.
# Then the private-data property test with 5,000 cases (CASES=… to change) and
# the incremental-rebuild property test with 2,000 edits (EDITS=… to change).
bench: build test-tools
	python3 .ci/bench
	$(MAKE) privacy-cases
	$(MAKE) incremental-cases

# The private-data property test with many more cases than make test runs.
privacy-cases: deps
	$(SWIFT) build --build-tests
	ZUIMEI_PRIVACY_CASES=$(or $(CASES),5000) $(SWIFT) test --skip-build --filter BuildPrivateDataPropertyTests

# Rebuilds after random edits, compared byte for byte with clean builds, many more than make test runs.
incremental-cases: deps
	$(SWIFT) build --build-tests
	ZUIMEI_INCREMENTAL_EDITS=$(or $(EDITS),2000) $(SWIFT) test --skip-build --filter BuildIncrementalPropertyTests

clean:
	rm -rf .build $(OUTPUT)
