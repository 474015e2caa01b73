/*
 * cli_metaopts.h: the pooling options of query, report, explain, plot and
 * meta (--method dl|reml|pm|fe, --ci z|hksj), with a database's own
 * defaults (the settings table, set by `evidence init --method M --ci
 * C`) under them: one parser, one message for a bad value, one reading
 * of the defaults, so every command means the same by them.
 */
#ifndef EV_CLI_METAOPTS_H
#define EV_CLI_METAOPTS_H

#include "cli.h"
#include "meta.h"

/* getopt values of the two options; commands list them in their
 * getopt_long table with EV_META_LONGOPTS. */
enum { EV_OPT_METHOD = 0x4100, EV_OPT_CI_METHOD };
#define EV_META_LONGOPTS                                                                                     \
	{"method", required_argument, NULL, EV_OPT_METHOD}, { "ci", required_argument, NULL, EV_OPT_CI_METHOD }

/* The help lines of the two options, for a command's Options section. */
#define EV_META_HELP                                                                                         \
	"  --method M           how tau2 is estimated: dl (DerSimonian-Laird, the default),\n"                 \
	"                       reml, pm (Paule-Mandel) or fe (fixed effect, no tau2)\n"                        \
	"  --ci C               the pooled effect's interval and test: z (the default) or\n"                    \
	"                       hksj (Hartung-Knapp-Sidik-Jonkman, t with k - 1 df)\n"

struct ev_meta_choice {
	struct ev_meta_opts opts;
	int method_given, ci_given; /* on the command line */
	int chosen;                 /* anything but the built-in default, given or set */
};

/* Starts a choice at the built-in default (DL, z). */
void ev_meta_choice_init(struct ev_meta_choice *c);

/* Takes option val with its argument when it is one of the two: returns
 * 1 taken, 0 not one of them, EV_USAGE for a bad or repeated value
 * (reported with the command's usage). */
int ev_meta_choice_opt(struct ev_ctx *ctx, struct ev_meta_choice *c, int val, const char *arg);

/* A command whose only options of its own are these two declares
 * .options = ev_meta_longopts, .option = ev_meta_parse_opt, .init =
 * ev_meta_parse_init and this as its state. */
struct ev_meta_parse {
	struct ev_meta_choice mc;
};
extern const struct option ev_meta_longopts[];
int ev_meta_parse_init(struct ev_ctx *ctx, void *state, int kind, const struct option **options);
int ev_meta_parse_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg);

/* After the database is open: the database's defaults for what the
 * command line did not give. Returns 0 or EV_FAIL (reported). */
int ev_meta_choice_resolve(struct ev_ctx *ctx, struct ev_meta_choice *c);

#endif
