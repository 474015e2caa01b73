/*
 * cmd_init.c: `evidence init` creates a database, or brings an existing
 * one up to the current schema. Safe to run any number of times: every
 * other command also migrates on open, so init is what a person runs to
 * start a fresh, empty store.
 */
#include <sys/stat.h>

#include "cli.h"
#include "metaopts.h"
#include "model.h"
#include "util.h"

/* Stores the defaults given; the built-in ones (dl, z) are stored as no
 * row, so a database set back to them reads as one never set. */
static int save_defaults(struct ev_ctx *ctx, const struct ev_meta_choice *c)
{
	struct ev_db *db = &ctx->db;
	if (ev_db_begin(db))
		return EV_FAIL;
	if ((c->method_given && ev_model_set_setting(db, "method", c->opts.method == EV_METHOD_DL ? NULL
							      : ev_tau2_method_names[c->opts.method])) ||
	    (c->ci_given && ev_model_set_setting(db, "ci", c->opts.ci == EV_CI_Z ? NULL : ev_ci_method_names[c->opts.ci]))) {
		ev_db_rollback(db);
		return EV_FAIL;
	}
	if (ev_db_commit(db))
		return EV_FAIL;
	if (c->method_given)
		ev_note("pooling in this database: --method %s unless a command says otherwise",
			ev_tau2_method_names[c->opts.method]);
	if (c->ci_given)
		ev_note("pooled intervals in this database: --ci %s unless a command says otherwise",
			ev_ci_method_names[c->opts.ci]);
	return EV_OK;
}

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	static const struct option extra[] = {EV_META_LONGOPTS, {NULL, 0, NULL, 0}};
	struct ev_meta_parse op = {ctx, {{EV_METHOD_DL, EV_CI_Z}, 0, 0, 0}};
	struct stat sb;
	int first;
	ev_meta_choice_init(&op.mc);
	if (ev_cli_parse(ctx, argc, argv, "", extra, ev_meta_parse_opt, &op, &first))
		return EV_USAGE;
	if (first < argc)
		return ev_usage_error(ctx, "unexpected argument '%s'", argv[first]);
	const char *path = ev_db_default_path(ctx->db_path);
	int existed = stat(path, &sb) == 0;
	ev_db_allow_repair();
	if (ev_cli_open(ctx))
		return EV_FAIL;
	ev_note("%s %s (schema version %d)", existed ? "up to date:" : "created", path, ev_db_schema_latest());
	if (op.mc.method_given || op.mc.ci_given)
		return save_defaults(ctx, &op.mc);
	return EV_OK;
}

const struct ev_cmd ev_cmd_init = {
	.name = "init",
	.summary = "create an empty database, or upgrade one to the current schema",
	.usage = "  evidence init [--db PATH] [--method dl|reml|pm|fe] [--ci z|hksj]",
	.help = "Creates the database (default ./evidence.db) with the current schema, or\n"
		"applies any newer migrations to an existing one. Running it again changes\n"
		"nothing. Every other command also upgrades an older database when it opens it.\n"
		"A trigger, view, index or table that another program removed is restored (and\n"
		"named); writing commands refuse such a database until then.\n"
		"\n"
		"--method and --ci set the database's defaults for pooling (the settings\n"
		"table): query, report, explain, plot and meta use them unless given their own\n"
		"--method or --ci. 'evidence init --method dl --ci z' restores the built-in ones.\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"\n"
		"Examples:\n"
		"  evidence init\n"
		"  evidence init --db ~/fact-checks/k2.db\n"
		"  evidence init --method reml --ci hksj\n",
	.access = EV_DB_CREATE,
	.formats = 0,
	.run = run,
};
