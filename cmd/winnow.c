/*
 * winnow: the command table and main. Each subcommand lives in cmd/NAME.c,
 * parses its own options and returns an exit code (cmd/cli.h); main owns
 * stdout: it checks that everything written reached it.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"

#ifndef WINNOW_VERSION
#define WINNOW_VERSION "0.1.0"
#endif

struct cmd_struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd_struct commands[] = {
	{"unpack", cmd_unpack, "archives, dumps and feeds in, one JSONL record per document out"},
	{"dedup", cmd_dedup, "drop exact and near-duplicate documents, say what and why"},
	{"tag", cmd_tag, "named entities and IPTC topics on every record"},
	{"gen", cmd_gen, "a seeded corpus of syndicated news with its ground truth"},
	{"train", cmd_train, "train the entity and topic models of 'winnow tag'"},
	{"bench", cmd_bench, "measure every stage in-process on a generated corpus"},
	{"html-score", cmd_html_score, "score HTML text extraction on labelled pages (benchmark metric)"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: winnow [--version] [--help] COMMAND [ARGS]\n\n"
		   "Turns archive dumps and scraped feeds into clean, deduplicated,\n"
		   "tagged JSONL corpora, one stage per command:\n\n"
		   "  winnow unpack dump.tar.gz | winnow dedup | winnow tag > corpus.jsonl\n\n"
		   "commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'winnow help COMMAND' or 'winnow COMMAND --help' for one command.\n\n"
		   "records: JSONL, one object per line with at least \"id\" and \"text\";\n"
		   "other fields pass through unchanged.\n\n" WN_EXIT_CODES_HELP);
}

static const struct cmd_struct *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Flushes stdout and turns a failed write into an exit code (git's
 * check_pipe: a closed pipe ends quietly). */
static int finish_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return code;
		fprintf(stderr, "%s: write error: %s\n", wn_prog, strerror(errno));
		return code ? code : WN_EXIT_IO;
	}
	return code;
}

static int run_command(const struct cmd_struct *cmd, int argc, char **argv)
{
	static char prog[64];

	snprintf(prog, sizeof(prog), "winnow %s", cmd->name);
	wn_prog = prog;
	return finish_stdout(cmd->fn(argc, argv));
}

int main(int argc, char **argv)
{
	const struct cmd_struct *cmd;

	/* libarchive needs a UTF-8 locale for UTF-8 entry names. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	signal(SIGPIPE, SIG_DFL);

	if (argc < 2) {
		usage(stderr);
		return WN_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return finish_stdout(WN_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("winnow %s\n", WINNOW_VERSION);
		return finish_stdout(WN_EXIT_OK);
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return finish_stdout(WN_EXIT_OK);
		}
		cmd = find_command(argv[2]);
		if (!cmd) {
			fprintf(stderr, "winnow: '%s' is not a winnow command\n", argv[2]);
			return WN_EXIT_USAGE;
		}
		char *hargv[] = {argv[2], "--help", NULL};
		return run_command(cmd, 2, hargv);
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "winnow: '%s' is not a winnow command; see 'winnow --help'\n",
			argv[1]);
		return WN_EXIT_USAGE;
	}
	return run_command(cmd, argc - 1, argv + 1);
}
