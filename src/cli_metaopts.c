/*
 * cli_metaopts.c: --method and --ci, and a database's defaults for them
 * (the CLI layer: usage errors are reported here).
 */
#include "cli_metaopts.h"

#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "model.h"

void ev_meta_choice_init(struct ev_meta_choice *c)
{
	memset(c, 0, sizeof *c);
	c->opts = EV_META_OPTS_DEFAULT;
}

/* "dl, reml, pm or fe" */
static void list_words(char *buf, size_t size, const char *const *words)
{
	size_t o = 0, n = 0;
	while (words[n])
		n++;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", words[i]);
}

int ev_meta_choice_opt(struct ev_ctx *ctx, struct ev_meta_choice *c, int val, const char *arg)
{
	if (val != EV_OPT_METHOD && val != EV_OPT_CI_METHOD)
		return 0;
	int method = val == EV_OPT_METHOD;
	const char *const *words = method ? ev_tau2_method_names : ev_ci_method_names;
	int *given = method ? &c->method_given : &c->ci_given;
	if (*given)
		return ev_usage_error(ctx, "--%s given twice", method ? "method" : "ci");
	int i = ev_lookup(words, arg);
	if (i < 0) {
		char list[64];
		list_words(list, sizeof list, words);
		return ev_usage_error(ctx, "--%s: '%s' is not one of %s", method ? "method" : "ci", arg, list);
	}
	*given = 1;
	if (method)
		c->opts.method = (enum ev_tau2_method)i;
	else
		c->opts.ci = (enum ev_ci_method)i;
	return 1;
}

const struct option ev_meta_longopts[] = {EV_META_LONGOPTS, {NULL, 0, NULL, 0}};

int ev_meta_parse_init(struct ev_ctx *ctx, void *state, int kind, const struct option **options)
{
	struct ev_meta_parse *mp = state;
	(void)ctx;
	(void)kind;
	(void)options;
	ev_meta_choice_init(&mp->mc);
	return 0;
}

int ev_meta_parse_opt(struct ev_ctx *ctx, void *ud, int val, const char *arg)
{
	struct ev_meta_parse *mp = ud;
	int taken = ev_meta_choice_opt(ctx, &mp->mc, val, arg);
	return taken == 1 ? 0 : taken ? taken : EV_USAGE;
}

int ev_meta_choice_resolve(struct ev_ctx *ctx, struct ev_meta_choice *c)
{
	char value[32];
	int rc;
	if (!c->method_given) {
		if ((rc = ev_model_setting(&ctx->db, "method", value, sizeof value)) < 0)
			return EV_FAIL;
		if (rc > 0 && ev_lookup(ev_tau2_method_names, value) >= 0)
			c->opts.method = (enum ev_tau2_method)ev_lookup(ev_tau2_method_names, value);
	}
	if (!c->ci_given) {
		if ((rc = ev_model_setting(&ctx->db, "ci", value, sizeof value)) < 0)
			return EV_FAIL;
		if (rc > 0 && ev_lookup(ev_ci_method_names, value) >= 0)
			c->opts.ci = (enum ev_ci_method)ev_lookup(ev_ci_method_names, value);
	}
	c->chosen = c->opts.method != EV_METHOD_DL || c->opts.ci != EV_CI_Z || c->method_given || c->ci_given;
	return 0;
}
