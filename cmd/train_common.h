/*
 * What 'winnow train ner' (cmd/train.c) and 'winnow train topics'
 * (cmd/train_topics.c) share: the options every model kind takes (-o,
 * --eval, --model, --epochs, --seed, --max-size, -v) and where the model to
 * evaluate comes from (the one just trained, written and read back; --model
 * FILE; or the built-in one). Each kind keeps its own usage text, training
 * options and evaluation.
 */
#ifndef WN_TRAIN_COMMON_H
#define WN_TRAIN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "cmd/cli.h"
#include "cmd/model_file.h"

#define TRAIN_MAX_EVAL 16 /* --eval files in one run */

struct train_common {
	const char *out_path;   /* -o: where a trained model is written */
	const char *model_path; /* --model: the model evaluated when none is trained */
	const char *evals[TRAIN_MAX_EVAL];
	int nevals, epochs, verbose;
	uint64_t seed;
	size_t max_bytes;
};

/* getopt_long values of the common options (the kinds number theirs from 0x1200). */
enum { TRAIN_O_EVAL = 0x1100, TRAIN_O_MODEL, TRAIN_O_EPOCHS, TRAIN_O_SEED, TRAIN_O_MAXSIZE };

/* The common rows of a kind's struct option table. */
#define TRAIN_COMMON_LONGOPTS \
	{"output", required_argument, NULL, 'o'}, {"eval", required_argument, NULL, TRAIN_O_EVAL}, \
	{"model", required_argument, NULL, TRAIN_O_MODEL}, \
	{"epochs", required_argument, NULL, TRAIN_O_EPOCHS}, \
	{"seed", required_argument, NULL, TRAIN_O_SEED}, \
	{"max-size", required_argument, NULL, TRAIN_O_MAXSIZE}, \
	{"verbose", no_argument, NULL, 'v'}, {"help", no_argument, NULL, 'h'}

/* The short options string for getopt_long. */
#define TRAIN_COMMON_SHORTOPTS "o:vh"

/*
 * Takes option opt (argument arg) when it is a common one: 1 and *code 0,
 * or 1 and *code the usage error's exit code (message printed). 0 when opt
 * is not a common option ('h' is not: each kind prints its own usage).
 */
int train_common_option(struct train_common *t, int opt, const char *arg, int *code);

/* Writes the trained model bytes to t->out_path and reads them back into
 * mf, so that what is evaluated is what was written. 0 or an exit code. */
int train_common_keep(const struct train_common *t, const void *model, size_t n,
		      struct model_file *mf);

/* Reads --model FILE into mf when given (mf stays empty otherwise: the
 * built-in model). 0 or an exit code. */
int train_common_load(const struct train_common *t, struct model_file *mf);

/* The model's name in messages: the file trained or read, or "built-in". */
const char *train_common_model_name(const struct train_common *t, const struct model_file *mf,
				    int trained);

/* winnow train topics (cmd/train_topics.c). */
int train_topics(int argc, char **argv);

#endif
