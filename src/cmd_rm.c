/*
 * cmd_rm.c: `evidence rm study|claim|article KEY [--cascade]` and
 * `evidence rm link CLAIM STUDY [OUTCOME]` remove a record.
 *
 * Removing a study that links cite, a claim with links or an article with
 * claims would silently change other records' grades, so it is refused,
 * naming what depends on it; --cascade removes those too and says how
 * many. What was removed stays in the history, field by field, so
 * `evidence log KEY` can show what it held.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_curate.h"
#include "model.h"
#include "model_curate.h"
#include "util.h"

/* How many names a refusal lists before "and N more". */
#define MAX_NAMED 5

enum { OPT_CASCADE = 0x3000 };

struct rm {
	int cascade, dry_run;
};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	(void)ctx;
	struct rm *r = ud;
	(void)arg;
	if (val == 'n')
		r->dry_run = 1;
	else if (val == OPT_CASCADE)
		r->cascade = 1;
	else
		return EV_USAGE;
	return 0;
}

static void add_names(struct ev_buf *b, const struct ev_dependents *d)
{
	int shown = d->n > MAX_NAMED + 1 ? MAX_NAMED : d->n;
	for (int i = 0; i < shown; i++) {
		if (i)
			ev_buf_adds(b, i + 1 == d->n ? " and " : ", ");
		ev_buf_adds(b, d->names[i]);
	}
	if (shown < d->n)
		ev_buf_addf(b, " and %d more", d->n - shown);
}

static const char *plural(int n, const char *one, const char *many) { return n == 1 ? one : many; }

/* "study 'k' is cited by 3 links: a, b and c" */
static void describe_dependents(struct ev_buf *b, enum ev_kind kind, const char *key, const struct ev_dependents *d)
{
	switch (kind) {
	case EV_STUDY:
		ev_buf_addf(b, "study '%s' is cited by %d %s: ", key, d->links, plural(d->links, "link", "links"));
		add_names(b, d);
		break;
	case EV_CLAIM:
		ev_buf_addf(b, "claim '%s' has %d evidence %s, to ", key, d->links, plural(d->links, "link", "links"));
		add_names(b, d);
		break;
	case EV_ARTICLE:
		ev_buf_addf(b, "article '%s' has %d %s: ", key, d->claims, plural(d->claims, "claim", "claims"));
		add_names(b, d);
		if (d->links)
			ev_buf_addf(b, " (with %d evidence %s)", d->links, plural(d->links, "link", "links"));
		break;
	default:
		break;
	}
}

static const struct option long_opts[] = {
	{"cascade", no_argument, NULL, OPT_CASCADE},
	{"dry-run", no_argument, NULL, 'n'},
	{NULL, 0, NULL, 0},
};

/* A link is named by its claim, study and maybe outcome; anything else by
 * its key. */
static int check(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	const struct rm *o = state;
	if (a->kind == EV_LINK && a->n < 2)
		return ev_usage_error(ctx, "give the link's claim and study (and its outcome, when they have several links)");
	if (a->kind != EV_LINK && a->n < 1)
		return ev_usage_error(ctx, "give the key of the %s to remove", ev_kind_names[a->kind]);
	if (a->kind != EV_LINK && a->n > 1)
		return ev_usage_error(ctx, "unexpected argument '%s'", a->v[1]);
	if (a->kind == EV_LINK && o->cascade)
		return ev_usage_error(ctx, "--cascade is for studies, claims and articles: nothing depends on a link");
	return 0;
}

static int cmd_rm(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	const struct rm *o = state;
	struct ev_dependents deps = {0};
	struct ev_buf m = EV_BUF_INIT;
	struct ev_record r = {0};
	int rc = EV_FAIL;
	enum ev_kind kind = (enum ev_kind)a->kind;
	struct ev_db *db = &ctx->db;
	const char *key = a->v[0];
	int64_t id = a->id;
	if (kind == EV_LINK && ev_curate_find_link(db, a->v[0], a->v[1], a->n > 2 ? a->v[2] : NULL, "rm", &id) <= 0)
		goto done;
	if (ev_model_dependents(db, kind, id, &deps))
		goto done;
	if (deps.n && !o->cascade) {
		describe_dependents(&m, kind, key, &deps);
		ev_error("%s; remove %s too with --cascade", ev_buf_str(&m), plural(deps.n, "it", "them"));
		goto done;
	}
	if (kind == EV_LINK && ev_model_read(db, kind, id, &r))
		goto done;
	if (ev_model_remove(db, kind, id))
		goto done;
	ctx->discard = o->dry_run;

	/* Said once it is committed. */
	struct ev_buf *said = &ctx->said;
	ev_buf_adds(said, o->dry_run ? "would remove " : "removed ");
	if (kind == EV_LINK)
		ev_curate_name(said, kind, ev_record_text(&r, "claim"), ev_record_text(&r, "study"),
			       ev_record_text(&r, "outcome"));
	else
		ev_curate_name(said, kind, key, NULL, NULL);
	if (kind == EV_ARTICLE && deps.claims)
		ev_buf_addf(said, ", its %d %s and their %d evidence %s", deps.claims, plural(deps.claims, "claim", "claims"),
			    deps.links, plural(deps.links, "link", "links"));
	else if (deps.links)
		ev_buf_addf(said, " and its %d evidence %s", deps.links, plural(deps.links, "link", "links"));
	rc = EV_OK;
done:
	ev_dependents_free(&deps);
	ev_record_free(&r);
	ev_buf_free(&m);
	return rc;
}

const struct ev_cmd ev_cmd_rm = {
	.name = "rm",
	.summary = "remove a study, claim, article or evidence link",
	.usage = "  evidence rm study|claim|article KEY [--cascade] [--dry-run]\n"
		 "  evidence rm link CLAIM STUDY [OUTCOME] [--dry-run]",
	.help = "Removes one record. A study that evidence links cite, a claim that has links\n"
		"and an article that has claims are kept, and the message names what depends\n"
		"on them; --cascade removes those too (an article's claims with their links)\n"
		"and says how many. A link is named by its claim and study, and by its outcome\n"
		"when the two have links for several outcomes. The removed values stay in the\n"
		"history ('evidence log KEY').\n"
		"\n"
		"Options:\n"
		"  --cascade            also remove what depends on the record\n"
		"  -n, --dry-run        say what would be removed; write nothing\n"
		"\n"
		"Examples:\n"
		"  evidence rm link mk7-no-cac-benefit vitakcac-results\n"
		"  evidence rm study vitakcac-results --cascade\n",
	.access = EV_DB_WRITE,
	.formats = 0,
	.txn = EV_TXN_WRITE,
	.options = long_opts,
	.shortopts = "n",
	.option = on_opt,
	.state_size = sizeof(struct rm),
	.kind_word = EV_KIND_OPERAND | EV_KIND_LINK,
	/* A link takes up to 4 operands, its kind word counted. */
	.min_operands = 1,
	.max_operands = 4,
	.missing = "what to remove: study, claim or article KEY, or link CLAIM STUDY [OUTCOME]",
	.resolve = EV_RESOLVE_KIND,
	.check = check,
	.run = cmd_rm,
};
