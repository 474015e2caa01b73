/*
 * cli.h: the command table entry, the context a command runs in, and the
 * option parsing every command shares (so --db, --format, -o, -q, -h and
 * --no-header mean the same everywhere).
 */
#ifndef EV_CLI_H
#define EV_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "db.h"
#include "out.h"
#include "util.h"

struct ev_ctx;

/* What ev_cli_run hands a command once the entry's declarations are met:
 * its operands counted, its kind word read, its key resolved. */
struct ev_args {
	char **v;   /* the operands in order, after the kind word when there is one */
	int n;
	int kind;   /* the kind word's enum ev_kind, or -1 for an entry without one */
	int64_t id; /* the row v[0] names when the entry resolves a key, else 0 */
};

/* An entry's kind word (`show study KEY`, `edit link ...`): flags. */
#define EV_KIND_OPERAND 1 /* the first operand is study, claim or article */
#define EV_KIND_LINK 2    /* ... or link */
#define EV_KIND_FIRST 4   /* and it comes before any option, which may depend on it (add, edit) */

/* The key an entry's first operand (after any kind word) names, looked up
 * once the database is open: a missing one is reported with the nearest
 * key. EV_RESOLVE_KIND: of the kind word's kind, links excepted (a link
 * is named by several operands, which the command resolves itself). */
enum ev_resolve {
	EV_RESOLVE_NONE,
	EV_RESOLVE_ARTICLE,
	EV_RESOLVE_STUDY,
	EV_RESOLVE_CLAIM,
	EV_RESOLVE_TOPIC,
	EV_RESOLVE_KIND,
};

/* The transaction ev_cli_run runs a command in. A reading command reads
 * one snapshot (EV_DB_READ), whatever this says. */
enum ev_txn {
	EV_TXN_NONE,  /* none, or the command's own (import's bulk load, init's upgrade) */
	EV_TXN_WRITE, /* begun once the database is open; committed when run succeeds, else rolled back */
};

/* A command, as ev_cli_run runs it: the entry declares what the command
 * takes and needs, and ev_cli_run parses the options into the command's
 * state, checks the operands, opens the database, resolves the key,
 * begins the transaction, runs the command and commits or rolls back.
 * The command's file keeps only what is its own. */
struct ev_cmd {
	const char *name;     /* exact name; no prefix matching */
	const char *summary;  /* one line for `evidence` and `evidence help` */
	const char *usage;    /* synopsis lines, man-page style */
	const char *help;     /* options and two real examples */
	enum ev_access access;
	enum ev_txn txn;
	unsigned formats;     /* EV_FMT_BIT()s accepted by --format (0: none) */
	enum ev_format default_format; /* without --format (EV_FMT_TABLE unless set) */

	/* Options: the shared ones plus these (a NULL-terminated getopt_long
	 * table, or NULL) and short letters, each handed to option(ctx, state,
	 * val, arg), which returns 0 or EV_USAGE after ev_usage_error. */
	const struct option *options;
	const char *shortopts;
	int (*option)(struct ev_ctx *ctx, void *state, int val, const char *arg);
	/* The command's state: state_size bytes, zeroed, then init (may be
	 * NULL) with the kind word's kind (or -1), which sets defaults and may
	 * put another option table in *options (one made from the kind's
	 * fields). init returns 0 or an exit code, reported. release (may be
	 * NULL) frees what init or the options allocated in the state. */
	size_t state_size;
	int (*init)(struct ev_ctx *ctx, void *state, int kind, const struct option **options);
	void (*release)(void *state);

	/* Operands: a kind word first when kind_word says so (EV_KIND_*), and
	 * between min_operands and max_operands of them (max -1: any number),
	 * a kind word that is an operand counted, one that comes before the
	 * options (EV_KIND_FIRST) not. Fewer is the usage error `missing`;
	 * more, "unexpected argument". With EV_KIND_FIRST, kind_synopsis is
	 * the synopsis a misplaced kind word is shown. */
	unsigned kind_word;
	const char *kind_synopsis;
	int min_operands, max_operands;
	const char *missing;
	enum ev_resolve resolve;

	/* Runs before anything is opened, once options and operands are
	 * checked: the usage checks that involve several of them, and work
	 * that needs no database. 0, or an exit code or -1 (reported). May be
	 * NULL. */
	int (*check)(struct ev_ctx *ctx, void *state, const struct ev_args *args);
	/* The command itself: 0, EV_FOUND (a check that found problems), or
	 * an exit code or -1 (reported). For an EV_TXN_WRITE entry ev_cli_run commits
	 * after a 0 unless ctx->discard is set, then prints ctx->said. */
	int (*run)(struct ev_ctx *ctx, void *state, const struct ev_args *args);
};

/* getopt values at or above this are options a command accepts only to
 * explain a mistake (e.g. `add study --stated-n`, a claim's field): they are
 * never offered by completion or listed in help. */
#define EV_OPT_UNLISTED 0x10000

enum ev_color { EV_COLOR_AUTO, EV_COLOR_ALWAYS, EV_COLOR_NEVER };

struct ev_ctx {
	const struct ev_cmd *cmd;
	const char *db_path;     /* --db, else NULL (see ev_db_default_path) */
	struct ev_db db;
	int db_open;
	struct ev_out out;
	int format_given;        /* --format was on the command line */
	const char *output;      /* -o FILE, else NULL for stdout */
	char *output_tmp;        /* where -o output is written until success */
	char *output_dest;       /* the file output_tmp replaces (symbolic links resolved) */
	int output_direct;       /* -o names a device or FIFO, written into directly */
	enum ev_color color;
	/* For an EV_TXN_WRITE command: roll back though it succeeded (a dry
	 * run, or nothing changed), and what to say once committed. */
	int discard;
	struct ev_buf said;
};

/* The command table (main.c), in name order, NULL-terminated. */
extern const struct ev_cmd *const ev_commands[];
const struct ev_cmd *ev_command(const char *name);

/* The options main() takes before the command, for the overview and the
 * completion engine (main.c parses them). */
struct ev_global_option {
	const char *name;    /* "--db" */
	const char *alias;   /* "-q", or NULL */
	const char *metavar; /* "PATH", or NULL when it takes no value */
	const char *help;
};
extern const struct ev_global_option ev_global_options[]; /* ends with a NULL name */

/* Prints the one-screen overview (`evidence`, `evidence help`): what the
 * program is, the commands, where the database is, how to load the demo
 * data. db_option is --db when given before the command, else NULL. */
void ev_cli_overview(FILE *fp, const char *db_option);

/* Runs the command ctx->cmd on its command line (argv[0] is its name) as
 * its entry declares (see struct ev_cmd). Returns the exit code; a usage
 * error exits 2 at once. The database stays open for main to close. */
int ev_cli_run(struct ev_ctx *ctx, int argc, char **argv);

/* For an EV_TXN_WRITE command that prints what it did only once it is
 * true: ends the transaction now, as ev_cli_run would after the command
 * (commits unless ctx->discard, then prints ctx->said). 0 or EV_FAIL. */
int ev_cli_commit(struct ev_ctx *ctx);

/* Parses the command's options: the shared ones plus `extra` (a
 * NULL-terminated getopt_long table; may be NULL) with short options in
 * `shortopts` (shared short options are added). Each command option is
 * handed to on_opt(ctx, ud, val, optarg), which returns 0 or EV_USAGE after
 * calling ev_usage_error. --help prints help and exits 0; bad usage prints
 * usage to stderr and exits 2. Returns 0 with *first set to the index of
 * the first operand, or EV_USAGE. */
int ev_cli_parse(struct ev_ctx *ctx, int argc, char **argv, const char *shortopts,
		 const struct option *extra, int (*on_opt)(struct ev_ctx *ctx, void *ud, int val, const char *arg), void *ud,
		 int *first);


/* Reports a usage problem with the command's synopsis; returns EV_USAGE. */
/* True when path names the database the command opens or one of its
 * -wal, -shm and -journal files (by device and inode, or by canonical name
 * for one that does not exist yet): no output may be written there. */
int ev_cli_protected(const struct ev_ctx *ctx, const char *path);

/* A command reads the file at path (`what` names the option, for the
 * message): refuses, reported, when it is also the -o output, which would
 * replace it. 0, or EV_FAIL. */
int ev_cli_reads(struct ev_ctx *ctx, const char *what, const char *path);

int ev_usage_error(struct ev_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The time a generated page says it was made, "YYYY-MM-DDTHH:MM:SSZ" (UTC)
 * into iso: SOURCE_DATE_EPOCH (seconds since 1970) when set, so tests and
 * reproducible builds can pin it, else the clock. 0, or EV_FAIL (reported)
 * when SOURCE_DATE_EPOCH is not a number of seconds. */
int ev_cli_now(char *iso, size_t size);

/* The base name of the database file the command opened (borrowed from
 * ctx); NULL when none is open. */
const char *ev_cli_db_name(const struct ev_ctx *ctx);


/* Opens the database in the mode the command's entry asks for, and the
 * -o output file. Called once by each command after its options are
 * parsed (they may name the database). Returns 0 or EV_FAIL (reported). */
int ev_cli_open(struct ev_ctx *ctx);

/* Prints a command's full help to fp: summary, usage, the entry's help
 * text with the common options the command takes inserted before its
 * examples. The completion engine and the man page read this text too:
 * see docs/cli.md for the conventions it follows. */
void ev_cli_help(const struct ev_cmd *cmd, FILE *fp);

/* "; did you mean 'study'?" when `word` looks like a mistyped kind word
 * (study, claim, article, and link when `with_link`, singular or
 * plural), else "". Returns a static buffer. */
const char *ev_cli_kind_hint(const char *word, int with_link);

/* Suggests the nearest command name to `name`, or NULL (borrowed). */
const char *ev_cli_suggest_command(const char *name);

#endif
