# evidence: build, test, demo, install.
#
#   make            build ./evidence
#   make demo       install missing build packages, build, load studies/, run the demo query
#   make test       install missing test packages, run every test, print "N passed, N failed"
#   make screenshot regenerate docs/report.png and docs/forest.png (headless Chromium)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
#
# SANITIZE=address,undefined builds an instrumented binary under build/san/
# (used by `make check-asan`).

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin

VERSION  := 0.1.0
BUILD    := build
ifneq ($(SANITIZE),)
BUILD    := build/san
endif

PKGS_CFLAGS := $(shell pkg-config --cflags sqlite3 jansson libcmark 2>/dev/null)
PKGS_LIBS   := $(shell pkg-config --libs sqlite3 jansson libcmark 2>/dev/null || echo -lsqlite3 -ljansson -lcmark)

WARN     := -std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wformat=2
HARDEN   := -fstack-protector-strong -D_FORTIFY_SOURCE=2
CFLAGS   ?= -O2 -g
ALL_CFLAGS = $(WARN) $(HARDEN) $(CFLAGS) -D_POSIX_C_SOURCE=200809L -DEV_VERSION='"$(VERSION)"' \
	     -Iinclude $(PKGS_CFLAGS) -MMD -MP
LDLIBS_ALL = $(PKGS_LIBS) -lcsv -lm
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all -O1
LDFLAGS    += -fsanitize=$(SANITIZE)
endif

SRCS     := $(sort $(wildcard src/*.c))
OBJS     := $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/schema.o
MIGRATIONS := $(sort $(wildcard schema/[0-9][0-9][0-9]-*.sql))
BIN      := $(BUILD)/evidence

# Debian packages: what building needs, and what the tests add.
BUILD_DEPS := gcc make pkg-config libsqlite3-dev libcsv-dev libjansson-dev
BUILD_DEPS += libcmark-dev
TEST_DEPS  := bats libcmocka-dev sqlite3 python3
# one line per feature that needs more, so branches add lines, not edits
TEST_DEPS  += pandoc
TEST_DEPS  += libxml2-utils python3-pil fonts-dejavu-core
# The browser tests use it; they are skipped (and say why) where it cannot
# be installed or run, so a failed install does not stop the other tests.
BROWSER_DEPS := chromium

UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
LIB_OBJS   := $(filter-out $(BUILD)/main.o $(BUILD)/cli.o $(BUILD)/cmd_%.o,$(OBJS))

.PHONY: all demo test unit deps test-deps bench screenshot install uninstall clean

all: evidence

evidence: $(BIN)
ifeq ($(SANITIZE),)
	cp $(BIN) $@
endif

$(BIN): $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS_ALL)

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

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

$(BUILD) $(BUILD)/unit:
	mkdir -p $@

# Unit tests link the modules under the commands (not main, cli, cmd_*) with cmocka.
$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/unit
	$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Wno-strict-prototypes $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS_ALL) -lcmocka

unit: $(UNIT_BINS)

-include $(OBJS:.o=.d)

deps:
	@.ci/install-deps $(BUILD_DEPS)

test-deps:
	@.ci/install-deps $(BUILD_DEPS) $(TEST_DEPS)
	@.ci/install-deps $(BROWSER_DEPS) || echo "make: $(BROWSER_DEPS) could not be installed; the browser tests will be skipped" >&2

demo: deps
	$(MAKE) evidence
	rm -f evidence.db evidence.db-wal evidence.db-shm
	./evidence import studies/*.csv
	./evidence query arterial-calcification

test: test-deps
	$(MAKE) evidence unit
	tests/run

# A benchmark, not a test: evidence against the sqlite3 shell on generated
# data (BENCH=STUDIES, default 1,000,000), results in tests/bench/results.md.
BENCH_DEPS := sqlite3 hyperfine time python3
bench: evidence
	@.ci/install-deps $(BUILD_DEPS) $(BENCH_DEPS)
	tests/bench/run $(BENCH)

# The README's picture of the bundled report and docs/plots.md's forest
# plot, drawn by headless Chromium.
screenshot: evidence
	@.ci/install-deps fonts-dejavu-core $(BROWSER_DEPS)
	tests/tools/screenshot docs/report.png docs/forest.png

install: evidence
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 evidence $(DESTDIR)$(BINDIR)/evidence

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/evidence

clean:
	rm -rf build evidence tests/unit/*.o
