/*
 * cmd_link.c: `evidence link CLAIM STUDY --direction D [...]` records that
 * a study bears on a claim: which way, for which outcome, with what
 * effect.
 *
 * A link is identified by its claim, study and outcome, as in
 * evidence.csv: a study may bear on one claim through several outcomes,
 * each its own link. The values are checked as import checks a row of
 * evidence.csv (an estimate needs a measure, a CI must contain it, a
 * ratio must be above 0 ...), and an existing link is never overwritten:
 * that is what `evidence edit link` is for.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_curate.h"
#include "model.h"
#include "model_curate.h"
#include "util.h"

enum { OPT_CI = 0x3000 };

struct link {
	struct ev_flags fl;
	const char *ci;
	int dry_run;
	struct ev_record r; /* the link the operands and flags give */
};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct link *l = ud;
	if (val == 'n') {
		l->dry_run = 1;
		return 0;
	}
	if (val == OPT_CI) {
		if (l->ci)
			return ev_usage_error(ctx, "--ci given twice");
		l->ci = arg;
		return 0;
	}
	int taken = ev_flags_take(&l->fl, val, arg);
	if (taken < 0)
		return ev_usage_error(ctx, "%s", ev_flags_why(&l->fl, val, taken));
	return taken ? 0 : EV_USAGE;
}

/* Finds a claim or study named by an operand, or reports it missing with
 * the nearest key. Returns 1 found, 0 missing (reported), -1 error. */
static int find_operand(struct ev_db *db, enum ev_kind kind, const char *key, int64_t *id)
{
	int found = ev_model_find(db, kind, key, id);
	if (found == 0)
		ev_model_not_found(db, kind, key);
	return found;
}

static const struct option extra[] = {
	{"ci", required_argument, NULL, OPT_CI},
	{"dry-run", no_argument, NULL, 'n'},
	{NULL, 0, NULL, 0},
};

/* The flags are a link's fields but the claim and study, which are the
 * operands. */
static int init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct link *l = state;
	(void)kind;
	(void)ctx;
	ev_flags_init(&l->fl, EV_LINK, 1u << 0 | 1u << 1, extra);
	*options = l->fl.opts;
	return 0;
}

static void release(void *state)
{
	struct link *l = state;
	ev_flags_free(&l->fl);
	ev_record_free(&l->r);
}

/* The values, checked before the database is opened. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	struct link *l = state;
	if (a->n < 2)
		return ev_usage_error(ctx, a->n ? "give the study as well as the claim" : "give a claim and a study");
	if (l->ci && (l->fl.raw[ev_field_index(EV_LINK, "ci_low")] || l->fl.raw[ev_field_index(EV_LINK, "ci_high")]))
		return ev_usage_error(ctx, "give the interval as --ci LO,HI or as --ci-low and --ci-high, not both");
	ev_flags_set(&l->fl, 0, a->v[0], strlen(a->v[0]), "claim");
	ev_flags_set(&l->fl, 1, a->v[1], strlen(a->v[1]), "study");

	int nf;
	ev_fields(EV_LINK, &nf);
	ev_record_reset(&l->r, EV_LINK);
	for (int i = 0; i < nf; i++)
		ev_record_default(&l->r, i);
	return (l->ci && ev_flags_ci(&l->fl, l->ci)) || ev_flags_apply(&l->fl, &l->r) ? EV_FAIL : 0;
}

static int cmd_link(struct ev_ctx *ctx, void *state, const struct ev_args *args)
{
	struct link *l = state;
	struct ev_record *r = &l->r;
	struct ev_link_refs refs = {0};
	char **ops = args->v;
	int rc = EV_FAIL;
	int64_t claim, study, id;

	struct ev_db *db = &ctx->db;
	const char *outcome = ev_record_text(r, "outcome");
	int a = find_operand(db, EV_CLAIM, ops[0], &claim);
	if (a < 0)
		goto done;
	int b = find_operand(db, EV_STUDY, ops[1], &study);
	if (a <= 0 || b <= 0 || ev_model_links_between(db, claim, study, &refs))
		goto done;
	for (int i = 0; i < refs.n; i++)
		if (strcmp(refs.outcome[i], outcome ? outcome : "") == 0) {
			struct ev_buf m = EV_BUF_INIT;
			ev_buf_addf(&m, "claim '%s' already has a link to study '%s'", ops[0], ops[1]);
			if (outcome)
				ev_buf_addf(&m, " for outcome '%s'", outcome);
			ev_buf_addf(&m, "; change it with: evidence edit link %s %s", ops[0], ops[1]);
			if (refs.n > 1) {
				ev_buf_addc(&m, ' ');
				ev_buf_add_shell_word(&m, outcome ? outcome : "");
			}
			if (!outcome)
				ev_buf_adds(&m, " (or give this one an --outcome)");
			ev_error("%s", ev_buf_str(&m));
			ev_buf_free(&m);
			goto done;
		}

	enum ev_change change;
	if (ev_model_upsert(db, r, NULL, &change, &id, ev_flags_problem, &l->fl) != 0 ||
	    ev_curate_finish(ctx, l->dry_run) < 0)
		goto done;
	rc = EV_OK;
done:
	ev_link_refs_free(&refs);
	return rc;
}

const struct ev_cmd ev_cmd_link = {
	.name = "link",
	.summary = "record that a study supports, contradicts or is inconclusive on a claim",
	.usage = "  evidence link CLAIM STUDY --direction supports|contradicts|inconclusive\n"
		 "                [--outcome OUTCOME] [--measure RR|OR|HR|MD|SMD|RD --estimate E [--ci LO,HI]]\n"
		 "                [--events-treat E --total-treat N --events-control E --total-control N]\n"
		 "                [--mean-treat M --sd-treat SD --mean-control M --sd-control SD\n"
		 "                 --total-treat N --total-control N]\n"
		 "                [--p-value P] [--n N] [--indirect yes|no] [--notes TEXT] [--subgroup WHO]\n"
		 "                [--dry-run]",
	.help = "Adds an evidence link, as a row of evidence.csv would. A study may bear on a\n"
		"claim through several outcomes, each its own link; a link that exists already\n"
		"(same claim, study and outcome) is refused: change it with 'evidence edit link'.\n"
		"Values are checked as import checks them.\n"
		"\n"
		"Instead of an estimate, give what the trial reports: events and totals per\n"
		"arm (for RR, OR or RD), or means, SDs and totals (for MD or SMD); the\n"
		"effect and its CI are computed from them (docs/meta-analysis.md). Both may\n"
		"be given only when the published estimate and CI are what the raw data give,\n"
		"rounded to the decimals published.\n"
		"\n"
		"Options:\n"
		"  --direction D        supports, contradicts or inconclusive (required)\n"
		"  --outcome TEXT       what was measured; links are pooled by outcome and measure\n"
		"  --measure M          RR, OR, HR (ratios), MD, SMD or RD (differences)\n"
		"  --estimate E         the effect, on the measure's own scale\n"
		"  --ci LO,HI           its 95% confidence interval\n"
		"  --ci-low LO          the interval's lower end, as its own option\n"
		"  --ci-high HI         the interval's upper end\n"
		"  --p-value P          between 0 and 1\n"
		"  --n N                participants analysed for this outcome (default: the study's size)\n"
		"  --indirect yes|no    the study answers a related question, not the claim's own\n"
		"  --notes TEXT         anything a reader should know\n"
		"  --events-treat E     participants with the event in the treatment arm\n"
		"  --total-treat N      participants in the treatment arm\n"
		"  --events-control E   participants with the event in the control arm\n"
		"  --total-control N    participants in the control arm\n"
		"  --mean-treat M       the treatment arm's mean\n"
		"  --sd-treat SD        its standard deviation (above 0)\n"
		"  --mean-control M     the control arm's mean\n"
		"  --sd-control SD      its standard deviation (above 0)\n"
		"  --subgroup WHO       the result is about this subgroup of the study; its\n"
		"                       participants are then --n alone, never the study's size\n"
		"  -n, --dry-run        check everything and say what would be added; write nothing\n"
		"\n"
		"Examples:\n"
		"  evidence link k2-improves-arterial-flexibility knapen-2015 --direction supports \\\n"
		"    --outcome 'stiffness index beta'\n"
		"  evidence link k2-intake-lower-chd-mortality rotterdam-2004 --direction supports --indirect yes \\\n"
		"    --outcome 'all-cause mortality' --measure RR --estimate 0.74 --ci 0.59,0.92\n",
	.access = EV_DB_WRITE,
	.formats = 0,
	.txn = EV_TXN_WRITE,
	.shortopts = "n",
	.option = on_opt,
	.state_size = sizeof(struct link),
	.init = init,
	.release = release,
	.max_operands = 2,
	.check = check,
	.run = cmd_link,
};
