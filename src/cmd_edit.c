/*
 * cmd_edit.c: `evidence edit study|claim|article KEY --FIELD VALUE ...`
 * and `evidence edit link CLAIM STUDY [OUTCOME] --FIELD VALUE ...` change
 * fields of one record.
 *
 * The stored record is read, the given fields replace its values (an
 * empty value clears an optional field, or restores a field's default),
 * and the result must pass the same checks as an imported row: editing
 * never lets in what import would refuse. --key renames a record (rows
 * refer to each other by id, so its links follow), and a link's --claim,
 * --study and --outcome move it. Editing to the values already there
 * changes nothing and records nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_curate.h"
#include "model.h"
#include "model_curate.h"
#include "util.h"

enum { OPT_CI = 0x3000 };

struct edit {
	struct ev_flags fl;
	const char *ci;
	int dry_run;
};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct edit *e = ud;
	if (val == 'n') {
		e->dry_run = 1;
		return 0;
	}
	if (val == OPT_CI && e->fl.kind == EV_LINK) {
		if (e->ci)
			return ev_usage_error(ctx, "--ci given twice");
		e->ci = arg;
		return 0;
	}
	int taken = ev_flags_take(&e->fl, val, arg);
	if (taken < 0)
		return ev_usage_error(ctx, "%s", ev_flags_why(&e->fl, val, taken));
	return taken ? 0 : EV_USAGE;
}

/* Resolves a reference given by a flag (a claim's --article, a link's
 * --claim or --study) to its id; reports a missing one under the flag.
 * Returns 1 found, 0 reported, -1 error. */
static int resolve_flag(struct ev_db *db, struct ev_flags *fl, enum ev_kind kind, const char *column,
			const char *key, int64_t *id)
{
	int found = ev_model_find(db, kind, key, id);
	if (found)
		return found;
	char *near = ev_model_nearest(db, kind, key);
	if (near)
		ev_error("%s: no %s '%s'; did you mean '%s'?", ev_flags_label(fl, column), ev_kind_names[kind], key,
			 near);
	else
		ev_error("%s: no %s '%s'", ev_flags_label(fl, column), ev_kind_names[kind], key);
	free(near);
	return 0;
}

/* Applies a change of identity before the other fields are written: a
 * new key, or a link's new claim, study or outcome. The upsert that
 * follows matches the row by its new identity. Returns 0, or nonzero
 * when refused (reported). */
static int move(struct ev_db *db, struct edit *e, struct ev_record *r, int64_t id)
{
	if (e->fl.kind != EV_LINK)
		return ev_model_rename(db, e->fl.kind, id, ev_record_text(r, "key"), ev_flags_problem, &e->fl) ? 1 : 0;
	int64_t claim, study;
	const char *ck = ev_record_text(r, "claim"), *sk = ev_record_text(r, "study");
	int a = resolve_flag(db, &e->fl, EV_CLAIM, "claim", ck, &claim);
	if (a < 0)
		return 1;
	int b = resolve_flag(db, &e->fl, EV_STUDY, "study", sk, &study);
	if (a <= 0 || b <= 0)
		return 1;
	return ev_model_move_link(db, id, claim, study, ev_record_text(r, "outcome"), ev_flags_problem, &e->fl) ? 1
															: 0;
}

/* --ci is a link's only; other kinds do not know it. */
static const struct option extra[] = {
	{"dry-run", no_argument, NULL, 'n'},
	{NULL, 0, NULL, 0},
};
static const struct option link_extra[] = {
	{"dry-run", no_argument, NULL, 'n'},
	{"ci", required_argument, NULL, OPT_CI},
	{NULL, 0, NULL, 0},
};

/* The flags are the kind's fields. */
static int init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct edit *e = state;
	(void)ctx;
	ev_flags_init(&e->fl, (enum ev_kind)kind, 0, kind == EV_LINK ? link_extra : extra);
	*options = e->fl.opts;
	return 0;
}

static void release(void *state)
{
	struct edit *e = state;
	ev_flags_free(&e->fl);
}

/* A link is named by up to three operands, anything else by its key. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct edit *e = state;
	enum ev_kind kind = (enum ev_kind)a->kind;
	int max = kind == EV_LINK ? 3 : 1;
	if (a->n > max)
		return ev_usage_error(ctx, "unexpected argument '%s'", a->v[max]);
	if (kind == EV_LINK && a->n < 2)
		return ev_usage_error(ctx, "give the link's claim and study (and its outcome, when they have several links)");
	if (a->n < 1)
		return ev_usage_error(ctx, "give the key of the %s to edit", ev_kind_names[kind]);
	if (!e->fl.given && !e->ci)
		return ev_usage_error(ctx, "nothing to change: give the fields to change as --FIELD VALUE");
	if (e->ci && (e->fl.raw[ev_field_index(EV_LINK, "ci_low")] || e->fl.raw[ev_field_index(EV_LINK, "ci_high")]))
		return ev_usage_error(ctx, "give the interval as --ci LO,HI or as --ci-low and --ci-high, not both");
	if (e->ci && ev_flags_ci(&e->fl, e->ci))
		return EV_FAIL;
	return 0;
}

static int cmd_edit(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct edit *e = state;
	struct ev_record r = {0};
	struct ev_buf name = EV_BUF_INIT;
	enum ev_kind kind = (enum ev_kind)a->kind;
	char **ops = a->v;
	int nops = a->n, rc = EV_FAIL, found;
	int64_t id;

	struct ev_db *db = &ctx->db;
	if (kind == EV_LINK)
		found = ev_curate_find_link(db, ops[0], ops[1], nops > 2 ? ops[2] : NULL, "edit", &id);
	else if ((found = ev_model_find(db, kind, ops[0], &id)) == 0)
		ev_model_not_found(db, kind, ops[0]);
	if (found <= 0 || ev_model_read(db, kind, id, &r))
		goto done;
	if (kind == EV_LINK)
		ev_curate_name(&name, kind, ev_record_text(&r, "claim"), ev_record_text(&r, "study"),
			       ev_record_text(&r, "outcome"));
	else
		ev_curate_name(&name, kind, ops[0], NULL, NULL);

	/* The stored record with the given values in place of its own. */
	if (ev_flags_apply(&e->fl, &r))
		goto done;
	const char *article = kind == EV_CLAIM ? ev_record_text(&r, "article") : NULL;
	int64_t ref;
	if (article && resolve_flag(db, &e->fl, EV_ARTICLE, "article", article, &ref) <= 0)
		goto done;
	if (move(db, e, &r, id))
		goto done;
	enum ev_change change;
	if (ev_model_upsert(db, &r, NULL, &change, &id, ev_flags_problem, &e->fl) != 0)
		goto done;
	if (kind == EV_STUDY) {
		int who = ev_field_index(EV_STUDY, "authors"), year = ev_field_index(EV_STUDY, "year"),
		    title = ev_field_index(EV_STUDY, "title");
		if ((e->fl.raw[who] || e->fl.raw[year] || e->fl.raw[title]) && ev_curate_warn_similar(db, &r, id))
			goto done;
	}
	int rows = ev_curate_finish(ctx, e->dry_run);
	if (rows < 0)
		goto done;
	if (rows == 0)
		ev_note("%s is unchanged: it has these values already", ev_buf_str(&name));
	rc = EV_OK;
done:
	ev_record_free(&r);
	ev_buf_free(&name);
	return rc;
}

const struct ev_cmd ev_cmd_edit = {
	.name = "edit",
	.summary = "change fields of a study, claim, article or evidence link",
	.usage = "  evidence edit study|claim|article KEY --FIELD VALUE ... [--dry-run]\n"
		 "  evidence edit link CLAIM STUDY [OUTCOME] --FIELD VALUE ... [--dry-run]",
	.help = "Changes the given fields of one record; the others keep their values. The\n"
		"flags are the columns of the import format, as for 'evidence add' (and for a\n"
		"link --ci LO,HI). An empty value (--notes '') clears an optional field and\n"
		"sets a field with a default (--risk-of-bias, --status, --indirect) back to it.\n"
		"The result is checked as import checks a row, and any problem means nothing\n"
		"changes. --key renames the record; its links follow it.\n"
		"\n"
		"A link is named by its claim and study, and by its outcome when the two have\n"
		"links for several outcomes ('' names the link without an outcome). Its\n"
		"--claim, --study and --outcome flags move it.\n"
		"\n"
		"Options:\n"
		"  -n, --dry-run        check everything and show the changes; write nothing\n"
		"\n"
		"Examples:\n"
		"  evidence edit study knapen-2015 --status unverified --funding ''\n"
		"  evidence edit link k2-activates-mgp knapen-2015 --notes 'dp-ucMGP fell 50% (120 MK-7, 124 placebo)'\n",
	.access = EV_DB_WRITE,
	.formats = 0,
	.txn = EV_TXN_WRITE,
	.kind_word = EV_KIND_FIRST | EV_KIND_LINK,
	.kind_synopsis = "study|claim|article|link KEY ...",
	.shortopts = "n",
	.option = on_opt,
	.state_size = sizeof(struct edit),
	.init = init,
	.release = release,
	.max_operands = -1,
	.check = check,
	.run = cmd_edit,
};
