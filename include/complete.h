/*
 * complete.h: the engine behind shell completion. The bash and zsh scripts
 * in docs/completion/ are thin: they run `evidence __complete WORD...` with
 * the words of the command line up to the cursor, and show what it prints.
 * Everything the engine offers comes from the command table itself (names,
 * summaries, usage synopses, help texts, each command's getopt table) and
 * from the database (keys), so a new command is completed without any
 * change here or in the scripts. The protocol is in docs/cli.md.
 */
#ifndef EV_COMPLETE_H
#define EV_COMPLETE_H

#include <getopt.h>

struct ev_ctx;

/* `evidence __complete WORD... CURRENT`: argv holds the words after the
 * program name, the last one being the word under the cursor (possibly
 * empty). Prints one candidate per line ("word" or "word<TAB>description"),
 * then directives for the shell (":files", ":dirs", ":nospace"). Never
 * reports errors (a completion must not write over the command line);
 * returns 0. */
int ev_complete_main(int argc, char **argv);

/* True while `evidence __complete` runs a command to learn its options. */
int ev_completing(void);

/* Called by ev_cli_parse while completing, with the command's full option
 * table (the shared options and its own) and getopt short-option string,
 * both allocated by ev_cli_parse and freed here: prints the candidates for
 * the word under the cursor and exits 0. */
_Noreturn void ev_complete_command(struct ev_ctx *ctx, const struct option *opts, const char *shortopts);

#endif
