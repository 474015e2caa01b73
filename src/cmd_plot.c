/*
 * cmd_plot.c: `evidence plot CLAIM` draws the forest plot of a claim's
 * evidence as standalone SVG: a row per link with an estimate and 95% CI,
 * a diamond per pooled outcome, the links without an estimate listed
 * underneath. A body of evidence is read at a glance this way (as in
 * RevMan and metafor), and the numbers are the grading's own (svg.c pools
 * with the same code).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdlib.h>

#include "assess.h"
#include "bias.h"
#include "cli.h"
#include "linkeffect.h"
#include "cli_metaopts.h"
#include "svg.h"
#include "util.h"
#include "view.h"

enum { OPT_LEFT = 0x2000, OPT_RIGHT, OPT_FUNNEL, OPT_TRIMFILL };

struct plot {
	struct ev_meta_parse mp; /* first: ev_meta_parse_init sets it up */
	const char *left, *right;
	int funnel, trimfill;
};

static int on_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct plot *p = ud;
	int taken = ev_meta_choice_opt(ctx, &p->mp.mc, val, arg);
	if (taken)
		return taken == 1 ? 0 : taken;
	if (val == OPT_FUNNEL || val == OPT_TRIMFILL) {
		*(val == OPT_FUNNEL ? &p->funnel : &p->trimfill) = 1;
		return 0;
	}
	if (!*arg)
		return ev_usage_error(ctx, "%s needs a non-empty label", val == OPT_LEFT ? "--left-label" : "--right-label");
	if (val == OPT_LEFT)
		p->left = arg;
	else if (val == OPT_RIGHT)
		p->right = arg;
	else
		return EV_USAGE;
	return 0;
}

/* The funnel plot of the claim's primary pooled group (the one its
 * grade rests on, else its largest), centred on the pooled estimate, or
 * with --trimfill on the adjusted one with the filled studies hollow, as
 * metafor's funnel(trimfill(...)) draws it. 0, or -1 (reported). */
static int funnel(struct ev_buf *svg, const struct ev_assessment *a, const char *key, const struct ev_plot_opts *po,
		  const struct plot *p)
{
	const struct ev_group *g = ev_assessment_egger_group(a);
	int n = a->links.n, rc = -1;
	if (!g)
		return ev_error("claim '%s' has no outcome with two or more usable estimates, so there is no funnel "
				"to draw (see 'evidence explain %s')",
				key, key);
	double *y = ev_xcalloc((size_t)n + 1, 2 * sizeof *y), *v = y + n + 1;
	int k = ev_group_members(a->links.v, n, NULL, g, y, v, NULL);
	struct ev_pool pool;
	struct ev_trimfill tf;
	memset(&tf, 0, sizeof tf);
	if (ev_meta_pool(y, v, k, &p->mp.mc.opts, &pool)) {
		ev_error("claim '%s': its estimates cannot be pooled", key);
		goto done;
	}
	struct ev_funnel f = {g->measure, y, v, k, pool.estimate, NULL, NULL, 0};
	if (p->trimfill) {
		if (ev_meta_trimfill(y, v, k, &p->mp.mc.opts, &tf)) {
			ev_error("claim '%s': trim-and-fill needs 3 or more estimates (%d here)", key, k);
			goto done;
		}
		f.mu = tf.filled.estimate;
		f.filled_y = tf.y;
		f.filled_v = tf.v;
		f.nfilled = tf.k0;
	}
	ev_svg_funnel(svg, &f, po);
	rc = 0;
done:
	ev_trimfill_free(&tf);
	free(y);
	return rc;
}

static const struct option long_opts[] = {
	{"left-label", required_argument, NULL, OPT_LEFT},
	{"right-label", required_argument, NULL, OPT_RIGHT},
	{"funnel", no_argument, NULL, OPT_FUNNEL},
	{"trimfill", no_argument, NULL, OPT_TRIMFILL},
	EV_META_LONGOPTS,
	{NULL, 0, NULL, 0},
};

static int check(struct ev_ctx *ctx, void *state, const struct ev_args *args)
{
	const struct plot *p = state;
	(void)args;
	if (p->trimfill && !p->funnel)
		return ev_usage_error(ctx, "--trimfill draws the filled studies on a funnel plot: give --funnel too");
	ctx->out.fmt = EV_FMT_SVG;
	/* An SVG poured onto a terminal helps nobody; piped or -o, it is written. */
	if (!ctx->output && isatty(STDOUT_FILENO))
		return ev_usage_error(ctx, "an SVG image is no use on a terminal: give -o FILE.svg (or '> FILE.svg')");
	return 0;
}

static int cmd_plot(struct ev_ctx *ctx, void *state, const struct ev_args *args)
{
	struct plot *p = state;
	int rc = EV_FAIL;
	const char *key = args->v[0];
	struct ev_assessment a;
	struct ev_buf svg = EV_BUF_INIT;
	char *title = NULL;
	if (ev_meta_choice_resolve(ctx, &p->mp.mc))
		return EV_FAIL;
	if (ev_assess_opts(&ctx->db, args->id, &p->mp.mc.opts, &a))
		goto done;

	title = ev_xasprintf("%s: %s", key, ev_record_text(&a.claim, "text"));
	struct ev_plot_opts po = {title, NULL, p->left, p->right, &a.opts, a.pooled, a.npooled};
	if (p->funnel) {
		rc = funnel(&svg, &a, key, &po, p) ? EV_FAIL : EV_OK;
		if (rc == EV_OK)
			fwrite(svg.data, 1, svg.len, ctx->out.fp);
		goto done;
	}
	int rows = ev_svg_forest(&svg, a.links.v, a.links.n, &po);
	if (rows == 0) {
		int shown = 0, unusable = 0;
		struct ev_buf why = EV_BUF_INIT;
		/* Links with an estimate and a CI that still cannot be drawn
		 * (values too large): say which and why, not "no estimate". */
		for (int i = 0; i < a.links.n; i++) {
			const struct ev_link *l = &a.links.v[i];
			if (!l->has_estimate || !l->has_ci || l->measure == EV_MEASURE_NONE)
				continue;
			if (unusable++ < 3) {
				ev_buf_addf(&why, "%s'%s': ", shown++ ? "; " : "", l->study);
				ev_plot_why_not(l, &why);
			}
		}
		if (unusable > 3)
			ev_buf_addf(&why, "; and %d more", unusable - 3);
		if (a.links.n == 0)
			ev_error("claim '%s' has no evidence links, so there is nothing to plot", key);
		else if (unusable)
			ev_error("claim '%s' has nothing to plot: none of its %d link%s can be drawn: %s", key, a.links.n,
				 a.links.n == 1 ? "" : "s", ev_buf_str(&why));
		else
			ev_error("claim '%s' has nothing to plot: none of its %d link%s has an estimate with a 95%% CI "
				 "(see 'evidence explain %s')",
				 key, a.links.n, a.links.n == 1 ? "" : "s", key);
		ev_buf_free(&why);
		goto done;
	}
	fwrite(svg.data, 1, svg.len, ctx->out.fp);
	rc = EV_OK;
done:
	free(title);
	ev_buf_free(&svg);
	ev_assessment_free(&a);
	return rc;
}

const struct ev_cmd ev_cmd_plot = {
	.name = "plot",
	.summary = "draw a claim's forest plot as SVG",
	.usage = "  evidence plot CLAIM [-o FILE.svg] [--left-label TEXT] [--right-label TEXT]\n"
		 "                [--method dl|reml|pm|fe] [--ci z|hksj]\n"
		 "  evidence plot CLAIM --funnel [--trimfill] [-o FILE.svg] [--method M] [--ci C]",
	.help = "Draws the forest plot of CLAIM's evidence as a standalone SVG image: one row\n"
		"per link with an estimate and 95% CI (study, year, design, n, direction), a\n"
		"square sized by its random-effects weight, the CI as a line; for each outcome\n"
		"with two or more estimates, the pooled estimate as a diamond with its\n"
		"prediction interval, heterogeneity (tau2, Q with its P, I2) and the test for\n"
		"the overall effect (Z, or t under --ci hksj). Each measure gets its own axis\n"
		"(log for RR, OR, HR). Links without an estimate, or with values too large to\n"
		"draw, are listed under the plot. Exits 1 when no link has an estimate with a\n"
		"CI that can be drawn. See docs/plots.md.\n"
		"On a terminal it needs -o FILE.svg; piped, it writes the SVG to stdout.\n"
		"\n"
		"Options:\n"
		"  --left-label TEXT    what the left side of the axis means (default\n"
		"                       \"" EV_PLOT_LEFT "\")\n"
		"  --right-label TEXT   what the right side means (default\n"
		"                       \"" EV_PLOT_RIGHT "\")\n"
		EV_META_HELP
		"  --funnel             draw a funnel plot instead: each estimate of the claim's\n"
		"                       main pooled outcome against its standard error, with\n"
		"                       pseudo 95% confidence limits around the pooled estimate\n"
		"  --trimfill           with --funnel: the studies trim-and-fill adds, hollow,\n"
		"                       around the adjusted estimate\n"
		"\n"
		"Examples:\n"
		"  evidence plot k2-intake-less-aortic-calcification -o aortic.svg\n"
		"  evidence plot mk7-no-cac-benefit --left-label 'favours MK-7' --right-label 'favours placebo'\n",
	.access = EV_DB_READ,
	.formats = EV_FMT_BIT(EV_FMT_SVG),
	.default_format = EV_FMT_SVG,
	.options = long_opts,
	.option = on_opt,
	.state_size = sizeof(struct plot),
	.init = ev_meta_parse_init,
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which claim?",
	.resolve = EV_RESOLVE_CLAIM,
	.check = check,
	.run = cmd_plot,
};
