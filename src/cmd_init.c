/*
 * cmd_init.c: `evidence init` creates a database, or brings an existing
 * one up to the current schema. Safe to run any number of times: every
 * other command also migrates on open, so init is what a person runs to
 * start a fresh, empty store.
 */
#include <sys/stat.h>

#include "cli.h"
#include "util.h"

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	struct stat sb;
	int first;
	if (ev_cli_parse(ctx, argc, argv, "", NULL, NULL, NULL, &first))
		return EV_USAGE;
	if (first < argc)
		return ev_usage_error(ctx, "unexpected argument '%s'", argv[first]);
	const char *path = ev_db_default_path(ctx->db_path);
	int existed = stat(path, &sb) == 0;
	ev_db_allow_repair();
	if (ev_cli_open(ctx))
		return EV_FAIL;
	ev_note("%s %s (schema version %d)", existed ? "up to date:" : "created", path, ev_db_schema_latest());
	return EV_OK;
}

const struct ev_cmd ev_cmd_init = {
	.name = "init",
	.summary = "create an empty database, or upgrade one to the current schema",
	.usage = "  evidence init [--db PATH]",
	.help = "Creates the database (default ./evidence.db) with the current schema, or\n"
		"applies any newer migrations to an existing one. Running it again changes\n"
		"nothing. Every other command also upgrades an older database when it opens it.\n"
		"A trigger, view, index or table that another program removed is restored (and\n"
		"named); writing commands refuse such a database until then.\n"
		"\n"
		"Examples:\n"
		"  evidence init\n"
		"  evidence init --db ~/fact-checks/k2.db\n",
	.access = EV_DB_CREATE,
	.formats = 0,
	.run = run,
};
