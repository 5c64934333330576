#include "cmd/train_common.h"

#include <errno.h>
#include <stdlib.h>

int train_common_option(struct train_common *t, int opt, const char *arg, int *code)
{
	char *end;

	*code = WN_EXIT_OK;
	switch (opt) {
	case 'o': t->out_path = arg; return 1;
	case 'v': t->verbose = 1; return 1;
	case TRAIN_O_EVAL:
		if (t->nevals >= TRAIN_MAX_EVAL)
			*code = wn_usage_error("at most %d --eval files", TRAIN_MAX_EVAL);
		else
			t->evals[t->nevals++] = arg;
		return 1;
	case TRAIN_O_MODEL: t->model_path = arg; return 1;
	case TRAIN_O_EPOCHS: {
		long v = 0;
		if (!(*code = wn_opt_int("epochs", arg, 1, 1000, &v)))
			t->epochs = (int)v;
		return 1;
	}
	case TRAIN_O_SEED:
		errno = 0;
		t->seed = strtoull(arg, &end, 10);
		if (*end || errno)
			*code = wn_usage_error("--seed: expected a number");
		return 1;
	case TRAIN_O_MAXSIZE:
		if (wn_parse_size(arg, &t->max_bytes))
			*code = wn_usage_error("--max-size: bad size '%s'", arg);
		return 1;
	default: return 0;
	}
}

int train_common_keep(const struct train_common *t, const void *model, size_t n,
		      struct model_file *mf)
{
	int code = model_file_write(t->out_path, model, n);

	return code ? code : model_file_read(mf, t->out_path);
}

int train_common_load(const struct train_common *t, struct model_file *mf)
{
	return t->model_path ? model_file_read(mf, t->model_path) : WN_EXIT_OK;
}

const char *train_common_model_name(const struct train_common *t, const struct model_file *mf,
				    int trained)
{
	return mf->data ? (trained ? t->out_path : t->model_path) : "built-in";
}
