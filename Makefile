# warroom: a terminal war-room console for AWS security incidents.
#
#   make              build build/rel/warroom
#   make demo         install missing packages, build, open the demo incident
#   make test         install missing packages, run the whole suite
#   make asan         the whole suite under AddressSanitizer and UBSan
#   make bench        ingest, latency and report benchmarks (figures only)
#   make screenshots  capture the console in tmux, render PNGs
#   make install      PREFIX=/usr/local DESTDIR=
#
# Layers: tui/ -> core/ <- aws/.  core/ never sees curses or curl, aws/
# never sees curses, and only tui/main.c includes aws/ (check-layers).

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/warroom
BUILD ?= build/rel
V ?= 0
# TESTHOOKS=1 compiles in the clock and operator overrides that golden
# tests use (WARROOM_TEST_NOW, WARROOM_TEST_OPERATOR); never in a release.
TESTHOOKS ?= 0
SAN ?= 0

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS_CORE = sqlite3 libcjson libcrypto zlib
PKGS_AWS = libcurl libxml-2.0
PKGS_TUI = ncursesw
PKGS = $(PKGS_CORE) $(PKGS_AWS) $(PKGS_TUI)

# Display strings are cut to fixed buffers on purpose (snprintf), so the
# optimiser's guesses about truncation are not errors.
WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wpointer-arith \
       -Wcast-qual -Wundef -Wno-format-truncation
OPT ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -I. \
	     $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
ifeq ($(TESTHOOKS),1)
ALL_CFLAGS += -DWR_TEST_HOOKS=1
endif
ifeq ($(SAN),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	      -fno-sanitize-recover=undefined
LDSAN = -fsanitize=address,undefined
endif

ifeq ($(V),1)
Q =
else
Q = @
endif

CORE_SRC = $(wildcard core/*.c)
AWS_SRC = $(wildcard aws/*.c)
TUI_SRC = $(filter-out tui/main.c,$(wildcard tui/*.c))
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_COMMON = $(filter-out $(TEST_SRC),$(wildcard tests/unit/*.c))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
CORE_OBJ = $(call obj,$(CORE_SRC))
AWS_OBJ = $(call obj,$(AWS_SRC))
TUI_OBJ = $(call obj,$(TUI_SRC))
MAIN_OBJ = $(call obj,tui/main.c)
TEST_COMMON_OBJ = $(call obj,$(TEST_COMMON))
TEST_BIN = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
LIBW = $(BUILD)/libwarroom-tui.a $(BUILD)/libwarroom-aws.a \
       $(BUILD)/libwarroom-core.a

.PHONY: all deps test asan check check-layers style bench screenshots \
	demo install clean units fuzz
.DEFAULT_GOAL := all
# Keep the test objects: they are intermediates of a chain of rules.
.SECONDARY:

all: $(BUILD)/warroom

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libwarroom-core.a: $(CORE_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/libwarroom-aws.a: $(AWS_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/libwarroom-tui.a: $(TUI_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/warroom: $(MAIN_OBJ) $(LIBW) | check-layers
	@[ "$(V)" = 1 ] || echo "  LINK    $@"
	$(Q)$(CC) $(LDSAN) -o $@ $(MAIN_OBJ) $(LIBW) $(LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_COMMON_OBJ) $(LIBW)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDSAN) -o $@ $< $(TEST_COMMON_OBJ) $(LIBW) $(LIBS) \
	    $(shell $(PKG_CONFIG) --libs cmocka)

units: $(BUILD)/warroom $(TEST_BIN)

# Install the Debian packages of .ci/debian-packages that are missing.
deps:
	@sh .ci/deps.sh

# The layer rule, checked on every build of the binary.
check-layers:
	@bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses[a-z]*/|n?curses\.h|curl/)' core/*.[ch] 2>/dev/null); \
	 [ -z "$$bad" ] || { echo "check-layers: core/ includes curses or curl: $$bad"; exit 1; }
	@bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses[a-z]*/|n?curses\.h)' aws/*.[ch] 2>/dev/null); \
	 [ -z "$$bad" ] || { echo "check-layers: aws/ includes curses: $$bad"; exit 1; }
	@bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"aws/' $(filter-out tui/main.c,$(wildcard tui/*.[ch])) core/*.[ch] 2>/dev/null); \
	 [ -z "$$bad" ] || { echo "check-layers: only tui/main.c may include aws/: $$bad"; exit 1; }

# 80 columns (tab = 8) and a short list of banned functions.
style:
	@sh .ci/style.sh

check: units style
	@sh tests/run.sh $(BUILD)

test: deps
	@$(MAKE) --no-print-directory BUILD=build/test TESTHOOKS=1 check

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan TESTHOOKS=1 SAN=1 \
	    OPT="-O1 -g" check

fuzz: deps
	@sh tests/fuzz/run.sh

bench: deps
	@$(MAKE) --no-print-directory BUILD=build/rel all
	@sh tests/bench/run.sh build/rel/warroom

screenshots: deps
	@$(MAKE) --no-print-directory BUILD=build/test TESTHOOKS=1 all
	@sh tests/screenshots.sh build/test/warroom
	@sh tests/report-examples.sh build/test/warroom

demo: deps
	@$(MAKE) --no-print-directory BUILD=build/rel all
	@build/rel/warroom --db build/demo.db demo

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 0755 $(BUILD)/warroom $(DESTDIR)$(BINDIR)/warroom
	cd data && find . -type d -exec install -d $(DESTDIR)$(DATADIR)/{} \;
	cd data && find . -type f -exec install -m 0644 {} $(DESTDIR)$(DATADIR)/{} \;

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
