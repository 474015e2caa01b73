/*
 * cmd_undo.c: `evidence undo [N]` reverts the last N commands that changed
 * the database, `--to CHANGE` every one after that change set, `--change
 * CHANGE` that one alone.
 *
 * Undo is built on the recorded history (docs/history.md), which holds
 * every field's old and new value: an added row is removed, a removed one
 * added back with the values it had, an edited one given its old values.
 * One transaction, so an undo that cannot be done changes nothing; and the
 * reversal is itself recorded by the history triggers, as a change set of
 * its own, so `evidence undo` right after an undo redoes. Reverting one
 * change set alone is refused when a later command changed the same rows,
 * naming it: undoing it would silently throw that later work away.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_curate.h"
#include "model_history.h"
#include "util.h"

enum { OPT_TO = 0x3000, OPT_CHANGE };

struct undo {
	int dry_run;
	int64_t to, change; /* -1 when not given */
	int64_t n;          /* how many commands to undo: 1 unless given */
};

static int change_id(struct ev_ctx *ctx, const char *opt, const char *arg, int64_t *out)
{
	const char *msg;
	if (ev_parse_int(arg, strlen(arg), out, &msg) || *out < 0)
		return ev_usage_error(ctx, "%s: '%s' is not a change number (see 'evidence log')", opt, arg);
	return 0;
}

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct undo *u = ud;
	switch (val) {
	case 'n':
		u->dry_run = 1;
		return 0;
	case OPT_TO:
		return change_id(ctx, "--to", arg, &u->to);
	case OPT_CHANGE:
		return change_id(ctx, "--change", arg, &u->change);
	default:
		return EV_USAGE;
	}
}

static int add_change(void *ud, int64_t id, const char *at, const char *who, const char *command)
{
	struct ev_table *t = ud;
	ev_table_add_int(t, id);
	ev_table_add(t, at);
	ev_table_add(t, who);
	ev_table_add(t, command);
	return 0;
}

static const struct option long_opts[] = {
	{"dry-run", no_argument, NULL, 'n'},
	{"to", required_argument, NULL, OPT_TO},
	{"change", required_argument, NULL, OPT_CHANGE},
	{NULL, 0, NULL, 0},
};

static int init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct undo *u = state;
	(void)kind;
	(void)options;
	(void)ctx;
	u->to = u->change = -1;
	u->n = 1;
	return 0;
}

/* One of N, --to and --change says what to undo. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct undo *u = state;
	if (a->n) {
		const char *msg;
		if (ev_parse_int(a->v[0], strlen(a->v[0]), &u->n, &msg) || u->n < 1)
			return ev_usage_error(ctx, "'%s' is not a number of commands to undo", a->v[0]);
	}
	if ((u->to >= 0) + (u->change >= 0) + (a->n > 0) > 1)
		return ev_usage_error(ctx, "give N, --to CHANGE or --change CHANGE, not several");
	return 0;
}

static int cmd_undo(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	static const char *const headers[] = {"change", "at", "who", "command"};
	struct undo *u = state;
	struct ev_table *t = NULL;
	int rc = EV_FAIL, r;
	int64_t n = u->n, from = 0;
	(void)a;
	struct ev_db *db = &ctx->db;
	if (u->change >= 0) {
		if ((r = ev_history_has_change(db, u->change)) <= 0) {
			if (r == 0)
				ev_error("no change %lld is recorded (see 'evidence log')", (long long)u->change);
			goto done;
		}
	} else if (u->to >= 0) {
		if (u->to > 0 && (r = ev_history_has_change(db, u->to)) <= 0) {
			if (r == 0)
				ev_error("--to: no change %lld is recorded (see 'evidence log')", (long long)u->to);
			goto done;
		}
		from = u->to + 1;
		if ((r = (int)ev_history_count_from(db, from)) <= 0) {
			if (r == 0)
				ev_error("nothing to undo: change %lld is the latest", (long long)u->to);
			goto done;
		}
	} else {
		if ((r = ev_history_latest(db, n, &from)) < 0)
			goto done;
		if (from == 0) {
			ev_error("nothing to undo: no change is recorded");
			goto done;
		}
		if (r == 0) {
			int64_t have = ev_history_count_from(db, from);
			ev_error("only %lld %s recorded; 'evidence undo %lld' undoes %s", (long long)have,
				 have == 1 ? "change is" : "changes are", (long long)have, have == 1 ? "it" : "them all");
			goto done;
		}
	}

	t = ev_table_new(4, headers);
	ev_table_style(t, 0, EV_CELL_RIGHT);
	ev_table_style(t, 3, EV_CELL_WRAP);
	if (ev_history_changes(db, from, u->change >= 0 ? u->change : 0, add_change, t))
		goto done;
	r = u->change >= 0 ? ev_history_revert_one(db, u->change) : ev_history_revert(db, from);
	if (r != 0)
		goto done;
	/* The table is printed once the change is committed. */
	if (ev_curate_finish(ctx, u->dry_run) < 0 || ev_cli_commit(ctx))
		goto done;
	ev_table_print(&ctx->out, t);
	rc = EV_OK;
done:
	if (t)
		ev_table_free(t);
	return rc;
}

const struct ev_cmd ev_cmd_undo = {
	.name = "undo",
	.summary = "revert the last commands that changed the database, from the history",
	.usage = "  evidence undo [N] [--dry-run]\n"
		 "  evidence undo --to CHANGE [--dry-run]\n"
		 "  evidence undo --change CHANGE [--dry-run]",
	.help = "Reverts the last N commands that changed the database (default 1), as the\n"
		"history records them ('evidence log'): an added record is removed, a removed\n"
		"one added back with the values it had, an edited one given its old values.\n"
		"--to CHANGE reverts every command after change set CHANGE (0: all of them);\n"
		"--change CHANGE reverts that one alone, and is refused, naming the later\n"
		"command, when a later command changed the same records. One transaction: an\n"
		"undo that cannot be done changes nothing. The undo is recorded in the history\n"
		"like any command, so 'evidence undo' right after an undo redoes.\n"
		"\n"
		"Prints the change sets it reverted (change, at, who, command); what it did to\n"
		"each record goes to stderr, as for 'evidence edit'.\n"
		"\n"
		"Options:\n"
		"  -n, --dry-run        show what would be reverted; write nothing\n"
		"  --to CHANGE          revert every change set after CHANGE\n"
		"  --change CHANGE      revert change set CHANGE alone\n"
		"\n"
		"Examples:\n"
		"  evidence undo --dry-run\n"
		"  evidence undo\n"
		"  evidence undo --to 1\n",
	.access = EV_DB_WRITE,
	.formats = EV_FMTS_ALL,
	.txn = EV_TXN_WRITE,
	.options = long_opts,
	.shortopts = "n",
	.option = on_opt,
	.state_size = sizeof(struct undo),
	.init = init,
	.max_operands = 1,
	.check = check,
	.run = cmd_undo,
};
