#include "cmd/cli.h"
#include "cmd/model_file.h"

int train_topics(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return wn_usage_error("topics: not yet");
}
