/* One function per subcommand, each in cmd/NAME.c; the table is in winnow.c. */
#ifndef WN_COMMANDS_H
#define WN_COMMANDS_H

int cmd_unpack(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_html_score(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_train(int argc, char **argv);

#endif
