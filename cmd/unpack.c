/* winnow unpack: placeholder passthrough of JSONL while the archive readers land. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "core/error.h"

int cmd_unpack(int argc, char **argv)
{
	struct wn_common c;
	struct wn_stats st = {0};
	struct wn_out out;
	struct wn_buf scratch;
	int code = WN_EXIT_OK, opt;
	static const struct option longopts[] = {WN_COMMON_LONGOPTS, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};

	wn_common_init(&c);
	while ((opt = getopt_long(argc, argv, WN_COMMON_SHORTOPTS "h", longopts, NULL)) != -1) {
		int k = wn_common_option(&c, opt, optarg);
		if (k < 0)
			return WN_EXIT_USAGE;
		if (k)
			continue;
		if (opt == 'h') {
			printf("usage: winnow unpack [FILE...]\n\n" WN_COMMON_HELP "\n" WN_EXIT_CODES_HELP);
			return WN_EXIT_OK;
		}
		return wn_usage_error("unknown option");
	}
	wn_out_init(&out, 1);
	wn_buf_init(&scratch, c.max_record * 7 + 1024);
	for (int i = optind; i <= argc; i++) {
		const char *name = i < argc ? argv[i] : "-";
		if (i == argc && argc > optind)
			break;
		int fd = wn_open_input(name);
		if (fd < 0) {
			code = wn_exit_max(code, WN_EXIT_IO);
			continue;
		}
		struct wn_recreader rr;
		struct wn_record *rec;
		int rc;
		wn_recreader_init_fd(&rr, fd, c.in_fmt, c.max_record, &st);
		while ((rc = wn_recreader_next(&rr, &rec)) != WN_EOF) {
			if (rc == WN_OK) {
				int e = wn_emit(&out, &c, rec, &scratch, &st);
				if (e) {
					code = e;
					break;
				}
			} else if (!wn_report_record_error(&c, name, &rr, rc, &code)) {
				break;
			}
		}
		wn_recreader_release(&rr);
		if (fd > 0)
			close(fd);
	}
	if (wn_out_release(&out) && code == WN_EXIT_OK)
		code = WN_EXIT_IO;
	wn_buf_release(&scratch);
	if (c.stats)
		wn_print_stats(&st);
	return code;
}
