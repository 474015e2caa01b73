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
	struct ev_flags fl;
	int dry_run;
	struct ev_record r; /* the record the flags give */
};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct add *a = ud;
	if (val == 'n') {
		a->dry_run = 1;
		return 0;
	}
	int taken = ev_flags_take(&a->fl, val, arg);
	if (taken < 0)
		return ev_usage_error(ctx, "%s", ev_flags_why(&a->fl, val, taken));
	return taken ? 0 : EV_USAGE;
}

static const struct option extra[] = {
	{"dry-run", no_argument, NULL, 'n'},
	{NULL, 0, NULL, 0},
};

/* The flags are the kind's fields; links are made by `evidence link`. */
static int init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct add *a = state;
	if (kind == EV_LINK)
		return ev_usage_error(ctx, "links are added with 'evidence link CLAIM STUDY --direction DIRECTION'");
	ev_flags_init(&a->fl, (enum ev_kind)kind, 0, extra);
	*options = a->fl.opts;
	return 0;
}

static void release(void *state)
{
	struct add *a = state;
	ev_flags_free(&a->fl);
	ev_record_free(&a->r);
}

/* Values first: they need no database, and all their problems are
 * reported in one go. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *args)
{
	struct add *a = state;
	enum ev_kind kind = (enum ev_kind)args->kind;
	if (!a->fl.given)
		return ev_usage_error(ctx, "give the %s's fields as --FIELD VALUE (see 'evidence add --help')",
				      ev_kind_names[kind]);
	int nf;
	ev_fields(kind, &nf);
	ev_record_reset(&a->r, kind);
	for (int i = 0; i < nf; i++)
		ev_record_default(&a->r, i);
	return ev_flags_apply(&a->fl, &a->r) ? EV_FAIL : 0;
}

static int cmd_add(struct ev_ctx *ctx, void *state, const struct ev_args *args)
{
	struct add *a = state;
	struct ev_db *db = &ctx->db;
	enum ev_kind kind = (enum ev_kind)args->kind;
	const char *key = ev_record_text(&a->r, "key");
	int found;
	int64_t id;
	if ((found = ev_model_find(db, kind, key, &id)) != 0) {
		if (found > 0)
			ev_error("%s '%s' already exists; change it with 'evidence edit %s %s'", ev_kind_names[kind], key,
				 ev_kind_names[kind], key);
		return EV_FAIL;
	}
	const char *article = kind == EV_CLAIM ? ev_record_text(&a->r, "article") : NULL;
	if (article && (found = ev_model_find(db, EV_ARTICLE, article, &id)) <= 0) {
		char *near = found < 0 ? NULL : ev_model_nearest(db, EV_ARTICLE, article);
		if (found == 0 && near)
			ev_error("--article: no article '%s'; did you mean '%s'?", article, near);
		else if (found == 0)
			ev_error("--article: no article '%s' (add it first with 'evidence add article')", article);
		free(near);
		return EV_FAIL;
	}

	enum ev_change change;
	if (ev_model_upsert(db, &a->r, NULL, &change, &id, ev_flags_problem, &a->fl) != 0 ||
	    (kind == EV_STUDY && ev_curate_warn_similar(db, &a->r, id)) || ev_curate_finish(ctx, a->dry_run) < 0)
		return EV_FAIL;
	return EV_OK;
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
	.txn = EV_TXN_WRITE,
	.kind_word = EV_KIND_FIRST,
	.kind_synopsis = "study|claim|article --key KEY ...",
	.shortopts = "n",
	.option = on_opt,
	.state_size = sizeof(struct add),
	.init = init,
	.release = release,
	.check = check,
	.run = cmd_add,
};
