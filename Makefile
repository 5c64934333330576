# winnow — see README.md. 'make' builds ./winnow; 'make test' runs every test
# (installing missing Debian packages first); 'make demo' runs the pipeline on
# a generated sample.

VERSION   := 0.1.0
# Build in parallel on every core unless told otherwise (make -jN).
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
CC        ?= cc
PREFIX    ?= /usr/local
CFLAGS    ?= -O2 -g
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
WARN      := -Wall -Wextra -Werror -Wno-unused-parameter
BASE      := -std=c11 -D_GNU_SOURCE -I. $(XML_CFLAGS) -DWINNOW_VERSION='"$(VERSION)"' $(WARN)
LIBS      := -larchive -lz -lisal $(XML_LIBS) -lpthread -lm

CORE_SRC    := $(sort $(wildcard core/*.c))
FILTERS_SRC := $(sort $(wildcard filters/*.c))
CMD_SRC     := $(sort $(wildcard cmd/*.c))
LIB_SRC     := $(CORE_SRC) $(FILTERS_SRC)
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))
HDRS        := $(wildcard core/*.h filters/*.h cmd/*.h)

OBJ      := $(patsubst %.c,build/rel/%.o,$(LIB_SRC) $(CMD_SRC))
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(CMD_SRC))
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps test-deps test unit cli asan fuzz fuzz-smoke demo bench micro install clean

all: winnow

deps:
	@scripts/deps.sh build
test-deps:
	@scripts/deps.sh test

# Missing build packages are installed once per build tree.
build/.deps:
	@mkdir -p build
	@scripts/deps.sh build && touch $@
$(OBJ) $(ASAN_OBJ): | build/.deps

# The models and gazetteer built into the binary (filters/embed.c).
EMBEDDED := models/ner.bin models/topics.bin data/gazetteer/builtin.tsv
build/rel/filters/embed.o build/asan/filters/embed.o: $(EMBEDDED)

winnow: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LIBS)

build/rel/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(CFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(ASAN_FLAGS) -c -o $@ $<

asan: build/asan/winnow
build/asan/winnow: $(ASAN_OBJ)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJ) $(LIBS)

# Unit tests: every TEST(name) in tests/unit/test_*.c is found by grep, so
# none can be forgotten.
build/tests_list.h: $(UNIT_SRC)
	@mkdir -p build
	@grep -h '^TEST(' $(UNIT_SRC) | sed 's/^TEST(\([a-zA-Z0-9_]*\)).*/X(\1)/' > $@.tmp && mv $@.tmp $@

UNIT_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(UNIT_SRC) tests/unit/main.c)
build/asan/tests/unit/main.o: build/tests_list.h
build/asan/unit: $(UNIT_OBJ)
	$(CC) $(ASAN_FLAGS) -o $@ $(UNIT_OBJ) $(LIBS)

unit: test-deps build/asan/unit
	build/asan/unit

cli: test-deps winnow build/asan/winnow
	WINNOW=$(CURDIR)/build/asan/winnow tests/cli/run.sh

# Everything: unit tests and CLI tests under ASan+UBSan, the release binary's
# smoke tests, and a short run of each fuzz target.
test: test-deps winnow build/asan/winnow build/asan/unit build/asan/micro
	@WINNOW=$(CURDIR)/build/asan/winnow WINNOW_REL=$(CURDIR)/winnow MICRO=$(CURDIR)/build/asan/micro FUZZ_SECONDS=$${FUZZ_SECONDS:-45} tests/run.sh

# libFuzzer targets (clang): tests/fuzz/fuzz_*.c.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_FLAGS := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
# The library is compiled once for every target.
FUZZ_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))
build/fuzz/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	clang $(BASE) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/obj/filters/embed.o: $(EMBEDDED)
.SECONDARY: $(FUZZ_OBJ)
build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p build/fuzz
	clang $(BASE) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LIBS)
fuzz-build: test-deps $(FUZZ_BIN)
fuzz: fuzz-build
	@for f in $(FUZZ_BIN); do echo "== $$f"; mkdir -p build/corpus/$$(basename $$f); \
	  $$f -max_total_time=$${FUZZ_SECONDS:-300} -max_len=65536 build/corpus/$$(basename $$f) tests/fuzz/seeds/$$(basename $$f) || exit 1; done

demo: deps winnow
	@scripts/demo.sh

bench: winnow
	@scripts/deps.sh bench
	@bench/run.sh

# The micro-benchmark of the hot functions (bench/micro.c): build/micro.
LIB_OBJ := $(patsubst %.c,build/rel/%.o,$(LIB_SRC))
micro: build/micro
build/micro: $(LIB_OBJ) build/rel/bench/micro.o
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)
build/asan/micro: $(patsubst %.c,build/asan/%.o,$(LIB_SRC)) build/asan/bench/micro.o
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(LIBS)

install: winnow
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 winnow $(DESTDIR)$(PREFIX)/bin/winnow
	install -m 644 doc/winnow.1 $(DESTDIR)$(PREFIX)/share/man/man1/winnow.1

clean:
	rm -rf build winnow
