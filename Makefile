# evidence: build, test, demo, install.
#
#   make            build ./evidence
#   make demo       install missing build packages, build, load studies/, run the demo query
#   make test       install missing test packages, run every test, print "N passed, N failed":
#                   the suite on the normal build, again on an AddressSanitizer +
#                   UndefinedBehaviorSanitizer build, the fuzz corpora replayed, and lint
#   make test-long  the slow tests at full size, valgrind, and 60 s of fuzzing per harness
#   make check-asan      the whole suite against build/san (ASan + UBSan)
#   make check-valgrind  the CLI tests under valgrind memcheck (no errors, no leaks)
#   make fuzz [FUZZ_SECONDS=60]  libFuzzer (clang) on each tests/fuzz/fuzz_*.c
#   make lint       cppcheck and clang-tidy with the checked-in configuration
#   make screenshot regenerate the pictures in docs/ (headless Chromium, playwright-core)
#   make bench      the benchmark against the sqlite3 shell (tests/bench/results.md)
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, completions, demo data)
#   make uninstall  the same variables: removes what install put there
#   make man        regenerate the generated sections of docs/evidence.1
#   make clean
#
# SANITIZE=address,undefined builds an instrumented binary under build/san/
# (used by `make check-asan`).

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/evidence
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# zsh searches site-functions under /usr/local, and Debian's packaged zsh
# vendor-completions under /usr (where site-functions is not on $fpath).
ifeq ($(PREFIX),/usr)
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
else
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
endif

VERSION  := 0.1.0
BUILD    := build
ifneq ($(SANITIZE),)
BUILD    := build/san
endif

PKGS_CFLAGS := $(shell pkg-config --cflags sqlite3 jansson libcmark gsl 2>/dev/null)
PKGS_LIBS   := $(shell pkg-config --libs sqlite3 jansson libcmark gsl 2>/dev/null || echo -lsqlite3 -ljansson -lcmark -lgsl -lgslcblas)

WARN     := -std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wformat=2
# Hardening, as Debian's dpkg-buildflags "hardening=+all" does: stack
# canaries and stack-clash probes, bounds-checked libc calls, a
# position-independent executable (full ASLR) and relocations made
# read-only after start-up (full RELRO, so the GOT cannot be overwritten).
# -fcf-protection (CET) only where the compiler supports it (x86).
HARDEN   := -fstack-protector-strong -fstack-clash-protection -fPIE \
	    $(shell $(CC) -fcf-protection -E -x c /dev/null -o /dev/null 2>/dev/null && echo -fcf-protection)
FORTIFY  := -D_FORTIFY_SOURCE=2
HARDEN_LDFLAGS := -pie -Wl,-z,relro,-z,now
CFLAGS   ?= -O2 -g
ifneq ($(SANITIZE),)
# The sanitizers check the calls _FORTIFY_SOURCE would replace by checked
# variants they do not see; they run without it.
FORTIFY  :=
endif
ALL_CFLAGS = $(WARN) $(HARDEN) $(FORTIFY) $(CFLAGS) -D_POSIX_C_SOURCE=200809L -DEV_VERSION='"$(VERSION)"' \
	     -Iinclude -I$(BUILD) $(PKGS_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(HARDEN_LDFLAGS) $(LDFLAGS)
LDLIBS_ALL = $(PKGS_LIBS) -lcsv -lm
# BibTeX import (bibtex.c): libbtparse has no .pc file either. It exports
# generic names (error, print_error) that would take the place of cmocka's
# own, so the unit tests link cmocka before it.
LDLIBS_ALL += -lbtparse
# Outcomes are matched after Unicode normalisation and case folding
# (util.c, ev_outcome_key): libunistring, which has no .pc file.
LDLIBS_ALL += -lunistring
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all -O1
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
# gcc links the sanitizer runtimes as shared libraries unless told: linked
# statically, a process starts in 13.3 ms instead of 15.5, and the
# sanitizer stage of `make test` starts about 6,000. clang links them
# statically already, and refuses these flags.
ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null | head -1)),)
ALL_LDFLAGS += -static-libasan -static-libubsan
endif
endif

SRCS     := $(sort $(wildcard src/*.c))
OBJS     := $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/schema.o $(BUILD)/schema_objects.o
MIGRATIONS := $(sort $(wildcard schema/[0-9][0-9][0-9]-*.sql))
BIN      := $(BUILD)/evidence

# Debian packages: what building needs, and what the tests add (clang and
# its runtime for libFuzzer, the linters, valgrind, util-linux for the
# crash, disk-full and read-only tests).
BUILD_DEPS := gcc make pkg-config libsqlite3-dev libcsv-dev libjansson-dev
BUILD_DEPS += libcmark-dev
# GSL: distributions, quantiles and root finding for meta-analysis (meta.c, bias.c)
BUILD_DEPS += libgsl-dev
BUILD_DEPS += libbtparse-dev
BUILD_DEPS += libunistring-dev
TEST_DEPS  := bats libcmocka-dev sqlite3 python3
# one line per feature that needs more, so branches add lines, not edits
TEST_DEPS  += pandoc
TEST_DEPS  += citation-style-language-styles
TEST_DEPS  += libxml2-utils python3-pil fonts-dejavu-core
# The browser tests use it; they are skipped (and say why) where it cannot
# be installed or run, so a failed install does not stop the other tests.
BROWSER_DEPS := chromium poppler-utils
TEST_DEPS  += groff-base man-db bsdutils zsh
TEST_DEPS  += clang libclang-rt-dev cppcheck clang-tidy valgrind util-linux e2fsprogs
# GNU parallel: bats runs the test files side by side with it (tests/run)
TEST_DEPS  += parallel
TEST_DEPS  += libxml2-dev
# jq: the man page's JSON example pipes query through it, and every
# example is run (tests/cli/bundled.bats)
TEST_DEPS  += jq
# R's metafor: the reference numbers of the meta-analysis tests (tests/cli/metafor.bats)
TEST_DEPS  += r-base-core r-cran-metafor

UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
LIB_OBJS   := $(filter-out $(BUILD)/main.o $(BUILD)/cli%.o $(BUILD)/cmd_%.o,$(OBJS))

# Fuzz harnesses: one tests/fuzz/fuzz_<name>.c each, nothing else to add.
# They link the modules and commands (not main.c) from an archive, so each
# pulls in only what it uses.
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/%.c=%)
REPLAY_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/%)
# A harness that needs a library of its own: one line each.
FUZZ_CFLAGS_fuzz_html := $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
FUZZ_LIBS_fuzz_html   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
ARCHIVE    := $(BUILD)/libevidence.a

.PHONY: all demo test test-long unit fuzz-replay test-helpers fuzz-build fuzz fuzz-seeds check-asan check-valgrind \
	lint deps test-deps bench screenshot install uninstall clean man FORCE

all: evidence

# Replaced by rename, never rewritten in place: a test or a user running
# ./evidence during a rebuild keeps the old file intact.
evidence: $(BIN)
ifeq ($(SANITIZE),)
	cp $(BIN) $@.tmp-build && mv -f $@.tmp-build $@
endif

$(BIN): $(OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LDLIBS_ALL)

$(BUILD)/%.o: src/%.c | $(BUILD)/config.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Install paths the binary needs (the demo data), rewritten only when they
# change, so that `make install PREFIX=...` rebuilds what depends on them.
$(BUILD)/config.h: FORCE | $(BUILD)
	@printf '/* generated by the Makefile; do not edit */\n#define EV_DATADIR "%s"\n' '$(DATADIR)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

FORCE:

# The migrations, embedded as byte arrays (od is everywhere; xxd is not).
$(BUILD)/schema.c: $(MIGRATIONS) Makefile | $(BUILD)
	@{ echo '/* generated from the schema migrations by the Makefile; do not edit */'; \
	  echo 'struct ev_migration { const char *name; const char *sql; };'; \
	  i=0; for f in $(MIGRATIONS); do \
	    echo "static const char m$$i[] = {"; \
	    od -An -v -tx1 "$$f" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '0};'; i=$$((i+1)); \
	  done; \
	  echo 'extern const struct ev_migration ev_migrations[];'; \
	  echo 'const struct ev_migration ev_migrations[] = {'; \
	  i=0; for f in $(MIGRATIONS); do echo "  {\"$$(basename $$f)\", m$$i},"; i=$$((i+1)); done; \
	  echo '  {0, 0}};'; \
	  echo 'extern const int ev_nmigrations;'; \
	  echo "const int ev_nmigrations = $$i;"; } > $@.tmp && mv $@.tmp $@

$(BUILD)/schema.o: $(BUILD)/schema.c
	$(CC) $(filter-out -Wpedantic,$(ALL_CFLAGS)) -Wno-overlength-strings -c -o $@ $<

# What the migrations make, the list the schema check of every writing
# command compares a database with (ev_schema_objects, db.h): written by
# a program linked with the database layer (schema/objects.c), which
# applies the migrations to a new database as evidence does.
$(BUILD)/schema-objects: schema/objects.c $(filter-out $(BUILD)/schema_objects.o,$(LIB_OBJS))
	$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/schema_objects.c: $(BUILD)/schema-objects
	$< > $@.tmp && mv $@.tmp $@

$(BUILD)/schema_objects.o: $(BUILD)/schema_objects.c
	$(CC) $(filter-out -Wpedantic,$(ALL_CFLAGS)) -Wno-overlength-strings -c -o $@ $<

$(BUILD) $(BUILD)/unit $(BUILD)/fuzz-replay:
	mkdir -p $@

# Unit tests link the modules under the commands (not main, cli, cmd_*) with cmocka.
$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/unit
	$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Wno-strict-prototypes $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) -lcmocka $(LDLIBS_ALL)

unit: $(UNIT_BINS)

$(ARCHIVE): $(filter-out $(BUILD)/main.o,$(OBJS))
	rm -f $@
	$(AR) rcs $@ $^

# The harnesses with a plain main() that replays files (tests/fuzz/replay.c):
# built with $(CC) like everything else, run by tests/run over the seeds and
# tests/fuzz/regressions/.
$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(ARCHIVE) | $(BUILD)/fuzz-replay
	$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Itests/fuzz $(FUZZ_CFLAGS_$*) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c \
		$(ARCHIVE) $(LDLIBS_ALL) $(FUZZ_LIBS_$*)

fuzz-replay: $(REPLAY_BINS) fuzz-seeds

# The crash tests' LD_PRELOAD library (plain: it is loaded into any build);
# and the installed man page, built before the test files run side by side
# so that the two that run `make install` find it made and do not both
# write it.
test-helpers: build/killwrite.so build/evidence.1
build/killwrite.so: tests/crash/killwrite.c
	@mkdir -p build
	$(CC) -shared -fPIC -O2 -Wall -Wextra -Werror -o $@ $< -ldl

# Seed corpora, generated from the test fixtures (tests/data, studies/).
fuzz-seeds: build/fuzz-seeds/.stamp
# The folders themselves too: removing a file from studies/ changes the seeds.
build/fuzz-seeds/.stamp: tests/fuzz/seeds $(FUZZ_SRCS) $(shell find tests/data studies tests/fuzz/seeds.d -type f 2>/dev/null) \
		$(wildcard studies tests/fuzz/seeds.d)
	rm -rf build/fuzz-seeds
	tests/fuzz/seeds build/fuzz-seeds $(FUZZ_NAMES)
	touch $@

# ---- libFuzzer --------------------------------------------------------------
# clang with -fsanitize=fuzzer,address,undefined; objects in build/fuzz/obj.
FUZZ_CC     ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS  := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  = $(WARN) $(FUZZ_FLAGS) -D_POSIX_C_SOURCE=200809L -DEV_VERSION='"$(VERSION)"' -Iinclude \
	       -I$(BUILD) $(PKGS_CFLAGS)
FUZZ_OBJS   := $(patsubst src/%.c,build/fuzz/obj/%.o,$(filter-out src/main.c,$(SRCS))) build/fuzz/obj/schema.o \
	       build/fuzz/obj/schema_objects.o

build/fuzz/obj:
	mkdir -p $@

build/fuzz/obj/%.o: src/%.c | build/fuzz/obj $(BUILD)/config.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/obj/schema.o build/fuzz/obj/schema_objects.o: build/fuzz/obj/%.o: $(BUILD)/%.c | build/fuzz/obj
	$(FUZZ_CC) $(filter-out -Wpedantic,$(FUZZ_CFLAGS)) -Wno-overlength-strings -c -o $@ $<

build/fuzz/libevidence.a: $(FUZZ_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

build/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) build/fuzz/libevidence.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz $(FUZZ_CFLAGS_$*) -fsanitize=fuzzer -o $@ $< build/fuzz/libevidence.a \
		$(LDLIBS_ALL) $(FUZZ_LIBS_$*)

fuzz-build: $(FUZZ_NAMES:%=build/fuzz/%)

-include $(FUZZ_OBJS:.o=.d)

# Each harness runs FUZZ_SECONDS, starting from its seeds, its regressions
# and what earlier runs found (build/fuzz/corpus/NAME). A crash leaves its
# input in build/fuzz/crashes/ and fails; it becomes a regression test once
# copied to tests/fuzz/regressions/NAME/ (and fixed).
# An input that runs 30 s is reported as a hang (-timeout): the slowest
# harness, fuzz_curate, takes about 0.2 s an input, but a busy machine can
# stall one for several seconds.
# Each harness runs as its own target, FUZZ_JOBS at a time (default 2, one
# per core: the same CPU time per harness as one after another, in half
# the wall time). Each run's output goes to build/fuzz/NAME.log: one line
# of it is shown (the number of runs), all of it when the harness found
# something.
FUZZ_JOBS ?= 2
fuzz: fuzz-build fuzz-seeds
	@mkdir -p build/fuzz/crashes
	@$(MAKE) --no-print-directory -j$(FUZZ_JOBS) $(FUZZ_NAMES:%=fuzz-run-%)

fuzz-run-%: build/fuzz/% fuzz-seeds
	@mkdir -p build/fuzz/corpus/$* tests/fuzz/regressions/$* build/fuzz/crashes
	@echo "fuzz: $* for $(FUZZ_SECONDS) s"
	@dict=; [ -f tests/fuzz/$*.dict ] && dict=-dict=tests/fuzz/$*.dict; \
	if build/fuzz/$* -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
		-close_fd_mask=3 -artifact_prefix=build/fuzz/crashes/$*- $$dict \
		build/fuzz/corpus/$* build/fuzz-seeds/$* tests/fuzz/regressions/$* > build/fuzz/$*.log 2>&1; then \
		echo "fuzz: $*: $$(grep -E '^stat::number_of_executed_units' build/fuzz/$*.log | sed 's/.*: *//') runs, nothing found"; \
	else \
		cat build/fuzz/$*.log; \
		echo "fuzz: $* found a problem: see build/fuzz/crashes/; copy the input to" \
		     "tests/fuzz/regressions/$*/ with the fix" >&2; exit 1; \
	fi

-include $(OBJS:.o=.d)

deps:
	@.ci/install-deps $(BUILD_DEPS)

# The browser tests drive chromium with playwright-core from npm
# (tests/browser/package-lock.json). Debian's nodejs and npm are installed
# only where there is no node at all, so a node installed otherwise is not
# fought; npm ci runs only when node_modules is missing or older than the
# lock. Neither stops the other tests: the browser tests skip, saying why.
# (make screenshot uses the same.)
NODE_DEPS := nodejs npm
BROWSER_NODE_STAMP := tests/browser/node_modules/.installed
define browser_node
	@command -v node >/dev/null 2>&1 || .ci/install-deps $(NODE_DEPS) || \
		echo "make: $(NODE_DEPS) could not be installed; the browser tests will be skipped" >&2
	@[ $(BROWSER_NODE_STAMP) -nt tests/browser/package-lock.json ] || \
		{ (cd tests/browser && npm ci --no-audit --no-fund --no-update-notifier --loglevel=error >/dev/null) && \
		  touch $(BROWSER_NODE_STAMP); } || \
		echo "make: npm ci in tests/browser failed; the browser tests will be skipped" >&2
endef
test-deps:
	@.ci/install-deps $(BUILD_DEPS) $(TEST_DEPS)
	@.ci/install-deps $(BROWSER_DEPS) || echo "make: $(BROWSER_DEPS) could not be installed; the browser tests will be skipped" >&2
	$(browser_node)

demo: deps
	$(MAKE) evidence
	rm -f evidence.db evidence.db-wal evidence.db-shm
	./evidence import studies/*.csv
	./evidence query arterial-calcification

# The builds that test, test-long and check-asan start use every core
# unless make was given -j already: the three builds of `make test` (this
# one, the sanitizer build and lint's clang build) took 107 s one file at a
# time, 53 s side by side on two cores.
JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
SUBJOBS  = $(if $(findstring -j,$(MAKEFLAGS)),,-j$(JOBS))

# The one command: the suite on the normal build, then on the sanitizer
# build, then the linters (tests/all), ending with their summed "N passed,
# N failed". Slow tests run at a smaller size here (EV_TEST_SIZE=long in
# test-long).
test: test-deps
	$(MAKE) $(SUBJOBS) evidence unit fuzz-replay test-helpers
	MAKE="$(MAKE)" tests/all

test-long: test-deps
	$(MAKE) $(SUBJOBS) evidence unit fuzz-replay test-helpers
	EV_TEST_SIZE=long tests/run
	$(MAKE) check-asan EV_TEST_SIZE=long
	$(MAKE) check-valgrind
	LINT_MAX_NODES=225000 $(MAKE) lint
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

# The sanitizers look for memory errors and undefined behaviour, which the
# same code paths show at any size: so the slow tests (the kill points, the
# concurrent writers, the claim with 20,000 links) run here at
# EV_TEST_SIZE=tiny unless told otherwise, and at their full size in the
# normal build's run. The browser tests take no screenshots here
# (EV_ARTIFACTS empty unless set): the pages are byte for byte the normal
# build's, whose run keeps them in build/test-artifacts; a full-page
# screenshot of every page is most of those tests' time.
SAN := address,undefined
check-asan:
	$(MAKE) $(SUBJOBS) SANITIZE=$(SAN) evidence unit fuzz-replay
	$(MAKE) test-helpers
	EV_TEST_SIZE=$${EV_TEST_SIZE:-tiny} EV_ARTIFACTS=$${EV_ARTIFACTS-} \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	EVIDENCE_BIN=$(CURDIR)/build/san/evidence UNIT_DIR=build/san/unit FUZZ_DIR=build/san/fuzz-replay tests/run

# valgrind runs the normal build (sanitizers and valgrind do not mix) through
# a wrapper that logs each run; any error or leak in any log fails the target,
# whatever the exit status the test expected.
check-valgrind: evidence unit fuzz-replay test-helpers
	tests/valgrind/run

lint: $(BUILD)/config.h
	tests/lint/run

# A benchmark, not a test: evidence against the sqlite3 shell on generated
# data (BENCH=STUDIES, default 1,000,000), results in tests/bench/results.md;
# then `evidence site` at 10,000 and 100,000 studies (tests/bench/site-results.md).
BENCH_DEPS := sqlite3 hyperfine time python3
bench: evidence
	@.ci/install-deps $(BUILD_DEPS) $(BENCH_DEPS)
	tests/bench/run $(BENCH)
	tests/bench/site

# The README's picture of the bundled report, docs/plots.md's forest plot
# and docs/site.md's pictures of the bundled site, drawn by headless
# Chromium through playwright-core (tests/tools/screenshot).
screenshot: evidence
	@.ci/install-deps fonts-dejavu-core $(BROWSER_DEPS)
	$(browser_node)
	tests/tools/screenshot docs

# The man page's generated sections (commands, options, CSV columns) come
# from the binary; `make man` rewrites them in docs/evidence.1, and the
# tests fail while the checked-in page is stale.
man: evidence
	./evidence __man < docs/evidence.1 > docs/evidence.1.tmp && mv docs/evidence.1.tmp docs/evidence.1

# The installed page is generated afresh, so it matches the installed binary
# even when docs/evidence.1 was not regenerated.
$(BUILD)/evidence.1: docs/evidence.1 $(BIN)
	$(BIN) __man < docs/evidence.1 > $@.tmp && mv $@.tmp $@

STUDIES := $(sort $(wildcard studies/*.csv))

install: evidence $(BUILD)/evidence.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(DATADIR)/studies
	install -m 755 evidence $(DESTDIR)$(BINDIR)/evidence
	install -m 644 $(BUILD)/evidence.1 $(DESTDIR)$(MANDIR)/man1/evidence.1
	install -m 644 docs/completion/evidence.bash $(DESTDIR)$(BASHCOMPDIR)/evidence
	install -m 644 docs/completion/_evidence $(DESTDIR)$(ZSHCOMPDIR)/_evidence
	$(if $(STUDIES),install -m 644 $(STUDIES) $(DESTDIR)$(DATADIR)/studies/)

# Removes what install put there, and the directories only evidence uses.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/evidence $(DESTDIR)$(MANDIR)/man1/evidence.1 \
		$(DESTDIR)$(BASHCOMPDIR)/evidence $(DESTDIR)$(ZSHCOMPDIR)/_evidence \
		$(addprefix $(DESTDIR)$(DATADIR)/studies/,$(notdir $(STUDIES)))
	rmdir $(DESTDIR)$(DATADIR)/studies $(DESTDIR)$(DATADIR) 2>/dev/null || true

clean:
	rm -rf build evidence tests/unit/*.o
