/*
 * A minimal unit-test harness. A test is `TEST(name) { ... }` at the start
 * of a line in tests/unit/test_*.c; the Makefile collects them by grep.
 * CHECK records a failure and goes on; REQUIRE returns from the test.
 */
#ifndef WN_TEST_H
#define WN_TEST_H

#include <stdio.h>
#include <string.h>

extern int wn_test_failures;

#define TEST(name) void test_##name(void); void test_##name(void)

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			wn_test_failures++; \
		} \
	} while (0)

#define REQUIRE(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "  %s:%d: REQUIRE(%s) failed\n", __FILE__, __LINE__, #cond); \
			wn_test_failures++; \
			return; \
		} \
	} while (0)

#define CHECK_INT(a, b) \
	do { \
		long long _a = (long long)(a), _b = (long long)(b); \
		if (_a != _b) { \
			fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, \
				#a, _a, _b); \
			wn_test_failures++; \
		} \
	} while (0)

#define CHECK_MEM(p, n, s) \
	do { \
		size_t _n = (n), _sn = strlen(s); \
		if (_n != _sn || memcmp((p), (s), _n) != 0) { \
			fprintf(stderr, "  %s:%d: %s is \"%.*s\", expected \"%s\"\n", __FILE__, \
				__LINE__, #p, (int)_n, (const char *)(p), (s)); \
			wn_test_failures++; \
		} \
	} while (0)

#endif
