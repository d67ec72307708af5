# Zuimei: two commands do everything on a fresh machine.
#   make site   installs what is missing, builds, renders Content/ into site/
#   make test   builds and runs every test
SWIFT   ?= swift
CONFIG  ?= release
CONTENT ?= Content
OUTPUT  ?= site
BIN     := .build/$(CONFIG)/zuimei

.PHONY: site test deps build unit-tests cli-tests clean

site: build
	$(BIN) build --content $(CONTENT) --output $(OUTPUT) $(if $(DATE),--date $(DATE))

build: deps
	$(SWIFT) build -c $(CONFIG) --product zuimei

deps:
	@bash .ci/install-deps

test: unit-tests cli-tests

unit-tests: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

cli-tests: deps
	$(SWIFT) build --product zuimei
	bash Tests/cli/run.sh .build/debug/zuimei

clean:
	rm -rf .build $(OUTPUT)
