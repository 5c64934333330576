/* Runs every unit test found by the Makefile (build/tests_list.h), or those
 * named on the command line. Prints "N passed, N failed". */
#include <stdio.h>
#include <string.h>

#include "tests/unit/test.h"

int wn_test_failures;

#define X(name) void test_##name(void);
#include "build/tests_list.h"
#undef X

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define X(name) {#name, test_##name},
#include "build/tests_list.h"
#undef X
};

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int run = argc < 2, before = wn_test_failures;
		for (int a = 1; a < argc; a++)
			if (strstr(tests[i].name, argv[a]))
				run = 1;
		if (!run)
			continue;
		tests[i].fn();
		if (wn_test_failures == before) {
			passed++;
		} else {
			failed++;
			fprintf(stderr, "FAIL %s\n", tests[i].name);
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
