/*
 * cmd_add.c: `evidence add study|claim|article --key K --FIELD VALUE ...`
 * adds one record, given field by field on the command line.
 *
 * The flags are the columns of the import format, made from validate.c's
 * field tables, and the values are checked by the same rules with the
 * same messages as import, named by flag. A study whose DOI or PMID is
 * already recorded is refused, naming the study that has it; one that
 * looks like a study already recorded (same first author and year, a
 * title nearly the same) is added with a warning, since only a person can
 * tell a duplicate from a companion paper. One transaction: a refused add
 * changes nothing, history included.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_curate.h"
#include "model.h"
#include "model_curate.h"
#include "util.h"

struct add {
	struct ev_ctx *ctx;
	struct ev_flags fl;
	int dry_run;
};

static int on_opt(void *ud, int val, const char *arg)
{
	struct add *a = ud;
	if (val == 'n') {
		a->dry_run = 1;
		return 0;
	}
	int taken = ev_flags_take(&a->fl, val, arg);
	if (taken < 0)
		return ev_usage_error(a->ctx, "%s", ev_flags_why(&a->fl, val, taken));
	return taken ? 0 : EV_USAGE;
}

/* The kind named by the first operand; reports a usage error otherwise. */
static int kind_of(struct ev_ctx *ctx, int argc, char **argv, enum ev_kind *kind)
{
	int k = ev_cli_kind_operand(ctx, argc, argv, "add", 0, "study|claim|article --key KEY ...");
	if (k < 0)
		return EV_USAGE;
	if (k == EV_LINK)
		return ev_usage_error(ctx, "links are added with 'evidence link CLAIM STUDY --direction DIRECTION'");
	*kind = (enum ev_kind)k;
	return 0;
}

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	static const struct option extra[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct add a;
	struct ev_record r = {0};
	struct ev_buf said = EV_BUF_INIT;
	enum ev_kind kind = EV_STUDY;
	char *ops[1];
	int nops, rc = EV_FAIL, found;
	int64_t id;

	memset(&a, 0, sizeof a);
	a.ctx = ctx;
	if (kind_of(ctx, argc, argv, &kind))
		return EV_USAGE;
	ev_flags_init(&a.fl, kind, 0, extra);
	if (ev_cli_parse_any(ctx, argc - 1, argv + 1, "n", a.fl.opts, on_opt, &a, ops, &nops, 0)) {
		rc = EV_USAGE;
		goto done;
	}
	if (!a.fl.given) {
		rc = ev_usage_error(ctx, "give the %s's fields as --FIELD VALUE (see 'evidence add --help')",
				    ev_kind_names[kind]);
		goto done;
	}

	/* Values first: they need no database, and all their problems are
	 * reported in one go. */
	int nf;
	ev_fields(kind, &nf);
	ev_record_reset(&r, kind);
	for (int i = 0; i < nf; i++)
		ev_record_default(&r, i);
	if (ev_flags_apply(&a.fl, &r))
		goto done;
	const char *key = ev_record_text(&r, "key");

	if (ev_cli_open(ctx) || ev_db_begin(&ctx->db))
		goto done;
	struct ev_db *db = &ctx->db;
	if ((found = ev_model_find(db, kind, key, &id)) != 0) {
		if (found > 0)
			ev_error("%s '%s' already exists; change it with 'evidence edit %s %s'", ev_kind_names[kind], key,
				 ev_kind_names[kind], key);
		goto done;
	}
	const char *article = kind == EV_CLAIM ? ev_record_text(&r, "article") : NULL;
	if (article && (found = ev_model_find(db, EV_ARTICLE, article, &id)) <= 0) {
		char *near = found < 0 ? NULL : ev_model_nearest(db, EV_ARTICLE, article);
		if (found == 0 && near)
			ev_error("--article: no article '%s'; did you mean '%s'?", article, near);
		else if (found == 0)
			ev_error("--article: no article '%s' (add it first with 'evidence add article')", article);
		free(near);
		goto done;
	}

	enum ev_change change;
	int up = ev_model_upsert(db, &r, NULL, &change, &id, ev_flags_problem, &a.fl);
	if (up != 0)
		goto done;
	if (kind == EV_STUDY && ev_curate_warn_similar(db, &r, id))
		goto done;
	if (ev_curate_finish(db, a.dry_run, &said) < 0)
		goto done;
	rc = EV_OK;
done:
	if (rc != EV_OK && ctx->db_open)
		ev_db_rollback(&ctx->db);
	ev_record_free(&r);
	ev_buf_free(&said);
	ev_flags_free(&a.fl);
	return rc;
}

const struct ev_cmd ev_cmd_add = {
	.name = "add",
	.summary = "add a study, claim or article from the command line",
	.usage = "  evidence add study --key KEY --title TITLE --authors AUTHORS --year YEAR --design DESIGN\n"
		 "                    [--FIELD VALUE ...] [--dry-run]\n"
		 "  evidence add claim --key KEY --topics TOPIC[;TOPIC...] --text TEXT [--article ARTICLE]\n"
		 "                    [--FIELD VALUE ...] [--dry-run]\n"
		 "  evidence add article --key KEY --title TITLE [--FIELD VALUE ...] [--dry-run]",
	.help = "Adds one record. Every column of the import format is a flag, with '_'\n"
		"written '-' (sample_size is --sample-size); see 'evidence import --help' and\n"
		"docs/curation.md for the columns. Values are checked as import checks them,\n"
		"and any problem means nothing is added. A key that exists already is refused\n"
		"(change it with 'evidence edit'), and so is a study whose DOI or PMID another\n"
		"study has. A study with the same first author and year as another and a\n"
		"nearly identical title is added with a warning naming the other.\n"
		"\n"
		"Study flags: --key --title --authors --journal --year --volume --issue --pages\n"
		"  --doi --pmid --design --country --population --sample-size --duration-months\n"
		"  --intervention --comparator --risk-of-bias --funding --status --source --notes\n"
		"  --includes (a review's studies: KEY[;KEY...]) --included-design (rct,\n"
		"  observational or mixed: what a review pools)\n"
		"Claim flags: --key --article --topics --text --quote --stated-study --stated-n\n"
		"  --stated-population --stated-country --stated-duration-months --stated-result\n"
		"  --notes --outcome (the outcome that decides the grade) --asserts (lower, higher\n"
		"  or no-effect: what the claim says about the effect)\n"
		"Article flags: --key --title --author --publisher --url --published\n"
		"\n"
		"Options:\n"
		"  -n, --dry-run        check everything and say what would be added; write nothing\n"
		"\n"
		"Examples:\n"
		"  evidence add study --db bone.db --key knapen-2013 --authors 'Knapen MHJ, et al.' --year 2013 \\\n"
		"    --design rct --sample-size 244 --journal 'Osteoporos Int' --title \\\n"
		"    'Three-year low-dose menaquinone-7 supplementation helps decrease bone loss'\n"
		"  evidence add claim --key k2-lowers-pwv --article k2-arterial-flexibility \\\n"
		"    --topics arterial-stiffness --text 'MK-7 lowers pulse wave velocity.'\n",
	.access = EV_DB_CREATE,
	.formats = 0,
	.run_argv = run,
};
