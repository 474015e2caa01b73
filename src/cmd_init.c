/*
 * cmd_init.c: `evidence init` creates a database, or brings an existing
 * one up to the current schema. Safe to run any number of times: every
 * other command also migrates on open, so init is what a person runs to
 * start a fresh, empty store.
 */
#include <string.h>
#include <sys/stat.h>

#include "claimreview.h"
#include "cli.h"
#include "cli_metaopts.h"
#include "model.h"
#include "util.h"

enum { OPT_REVIEWER = 0x2100, OPT_REVIEWER_TYPE, OPT_REVIEWER_URL, OPT_REVIEW_URL };

/* The ClaimReview settings (migration 009) in the order of the options:
 * the settings table's names. */
static const char *const review_names[] = {"reviewer", "reviewer_type", "reviewer_url", "review_url"};
#define NREVIEW 4

struct opts {
	struct ev_meta_parse meta;   /* --method, --ci; first: ev_meta_parse_init sets it up */
	const char *review[NREVIEW]; /* NULL: not given; "": remove the setting */
	int existed;                 /* the database file was there before it was opened */
};

/* Characters, as SQLite's length() counts them in valid UTF-8. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct opts *o = ud;
	if (val < OPT_REVIEWER || val > OPT_REVIEW_URL)
		return ev_meta_parse_opt(ctx, &o->meta, val, arg);
	static const char *const opt[] = {"reviewer", "reviewer-type", "reviewer-url", "review-url"};
	const char *name = opt[val - OPT_REVIEWER];
	/* An empty value removes the setting; the limits are the schema's
	 * (009-review-settings.sql), said here before SQLite would refuse. */
	if (*arg && ev_utf8_invalid_at(arg, strlen(arg)) >= 0)
		return ev_usage_error(ctx, "--%s: not valid UTF-8", name);
	if (!*arg) {
		/* removes it */
	} else if (val == OPT_REVIEWER) {
		for (const unsigned char *c = (const unsigned char *)arg; *c; c++)
			if (*c < ' ' || *c == 0x7f)
				return ev_usage_error(ctx, "--reviewer: a name is one line of text, without control characters");
		if (chars(arg) > 1000)
			return ev_usage_error(ctx, "--reviewer: at most 1000 characters");
	} else if (val == OPT_REVIEWER_TYPE) {
		if (strcmp(arg, "organisation") == 0)
			arg = "organization";
		if (strcmp(arg, "person") != 0 && strcmp(arg, "organization") != 0)
			return ev_usage_error(ctx, "--reviewer-type: '%s' is not one of person, organization", arg);
	} else if (!ev_claimreview_url_ok(arg)) {
		return ev_usage_error(ctx, "--%s: '%s' is not an http(s):// URL", name, arg);
	} else if (chars(arg) > 2000) {
		return ev_usage_error(ctx, "--%s: at most 2000 characters", name);
	}
	o->review[val - OPT_REVIEWER] = arg;
	return 0;
}

/* Stores the defaults given, in one transaction; the built-in pooling
 * ones (dl, z) and an empty ClaimReview value are stored as no row, so a
 * database set back to them reads as one never set. */
static int save_defaults(struct ev_ctx *ctx, const struct opts *o)
{
	struct ev_db *db = &ctx->db;
	const struct ev_meta_choice *c = &o->meta.mc;
	if (ev_db_begin(db))
		return EV_FAIL;
	int failed = (c->method_given && ev_model_set_setting(db, "method", c->opts.method == EV_METHOD_DL ? NULL
								  : ev_tau2_method_names[c->opts.method])) ||
		     (c->ci_given && ev_model_set_setting(db, "ci", c->opts.ci == EV_CI_Z ? NULL : ev_ci_method_names[c->opts.ci]));
	for (int i = 0; i < NREVIEW && !failed; i++)
		if (o->review[i])
			failed = ev_model_set_setting(db, review_names[i], *o->review[i] ? o->review[i] : NULL) != 0;
	if (failed) {
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
	for (int i = 0; i < NREVIEW; i++) {
		if (!o->review[i])
			continue;
		if (*o->review[i])
			ev_note("ClaimReview in this database: %s '%s' unless an export says otherwise", review_names[i],
				o->review[i]);
		else
			ev_note("ClaimReview in this database: no %s stored", review_names[i]);
	}
	return EV_OK;
}

static const struct option init_opts[] = {
	EV_META_LONGOPTS,
	{"reviewer", required_argument, NULL, OPT_REVIEWER},
	{"reviewer-type", required_argument, NULL, OPT_REVIEWER_TYPE},
	{"reviewer-url", required_argument, NULL, OPT_REVIEWER_URL},
	{"review-url", required_argument, NULL, OPT_REVIEW_URL},
	{NULL, 0, NULL, 0},
};

/* Before the database is opened: whether it was there already (opening
 * creates it), and let the opening restore a damaged schema, which every
 * other command refuses to open. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct opts *o = state;
	struct stat sb;
	(void)a;
	o->existed = stat(ev_db_default_path(ctx->db_path), &sb) == 0;
	ev_db_allow_repair();
	return 0;
}

static int cmd_init(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct opts *o = state;
	const char *path = ev_db_default_path(ctx->db_path);
	(void)a;
	/* Every command upgrades an older database as it opens it: say which
	 * it was, since "up to date" after an upgrade hides that the file
	 * changed (and an older build can no longer open it). */
	if (o->existed && ctx->db.upgraded_from >= 0)
		ev_note("upgraded %s from schema version %d to %d", path, ctx->db.upgraded_from, ev_db_schema_latest());
	else
		ev_note("%s %s (schema version %d)", o->existed ? "up to date:" : "created", path, ev_db_schema_latest());
	int any = o->meta.mc.method_given || o->meta.mc.ci_given;
	for (int i = 0; i < NREVIEW; i++)
		any |= o->review[i] != NULL;
	return any ? save_defaults(ctx, o) : EV_OK;
}

const struct ev_cmd ev_cmd_init = {
	.name = "init",
	.summary = "create an empty database, or upgrade one to the current schema",
	.usage = "  evidence init [--db PATH] [--method dl|reml|pm|fe] [--ci z|hksj]\n"
		 "                [--reviewer NAME] [--reviewer-type organization|person] [--reviewer-url URL]\n"
		 "                [--review-url URL]",
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
		"--reviewer, --reviewer-type, --reviewer-url and --review-url store who\n"
		"reviews the claims and the page that publishes the reviews, which 'export\n"
		"--format claimreview' needs: an export's own options win, and the stored\n"
		"type and url go with the stored reviewer only. An empty value removes one.\n"
		"\n"
		"Options:\n"
		EV_META_HELP
		"  --reviewer NAME      who reviews the claims (ClaimReview's author)\n"
		"  --reviewer-type TYPE organization (the default) or person\n"
		"  --reviewer-url URL   the reviewer's web site\n"
		"  --review-url URL     the page publishing the reviews\n"
		"\n"
		"Examples:\n"
		"  evidence init\n"
		"  evidence init --db ~/fact-checks/k2.db\n"
		"  evidence init --method reml --ci hksj\n"
		"  evidence init --reviewer 'Example Health Desk' --review-url https://example.org/checks/k2\n",
	.access = EV_DB_CREATE,
	.formats = 0,
	.options = init_opts,
	.option = on_opt,
	.state_size = sizeof(struct opts),
	.init = ev_meta_parse_init,
	.check = check,
	.run = cmd_init,
};
