/*
 * cli_curate.c: flags from the field tables, problems under flag names, and
 * the account of a curation command's changes.
 *
 * The account is read back from the history the triggers wrote in this
 * transaction rather than worked out again by the command: what the user
 * is told and what `evidence log` will show can then never disagree.
 */
#include "cli_curate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model_curate.h"
#include "model_history.h"

void ev_flags_init(struct ev_flags *fl, enum ev_kind kind, unsigned skip, const struct option *extra)
{
	int nf, nextra = 0, k = 0;
	const struct ev_field *f = ev_fields(kind, &nf);
	memset(fl, 0, sizeof *fl);
	fl->kind = kind;
	fl->nfields = nf;
	while (extra && extra[nextra].name)
		nextra++;
	fl->opts = ev_xcalloc((size_t)nf + (size_t)nextra + 1, sizeof *fl->opts);
	for (int i = 0; i < nf; i++) {
		char *name = ev_xstrdup(f[i].name);
		for (char *p = name; *p; p++)
			if (*p == '_')
				*p = '-';
		fl->label[i] = ev_xasprintf("--%s", name);
		if (skip & (1u << i)) {
			free(name);
			continue;
		}
		fl->name[i] = name;
		fl->opts[k].name = name;
		fl->opts[k].has_arg = required_argument;
		fl->opts[k].flag = NULL;
		fl->opts[k].val = EV_FLAG_FIELD + i;
		k++;
	}
	for (int i = 0; i < nextra; i++)
		fl->opts[k++] = extra[i];
	/* Other kinds' fields, so that `add study --stated-n 3` can say that
	 * --stated-n belongs to claims rather than that it does not exist. */
	for (int kk = 0; kk < EV_KIND_COUNT; kk++) {
		int onf;
		const struct ev_field *of = ev_fields((enum ev_kind)kk, &onf);
		if (kk == (int)kind)
			continue;
		for (int i = 0; i < onf; i++) {
			char *name = ev_xstrdup(of[i].name);
			for (char *p = name; *p; p++)
				if (*p == '_')
					*p = '-';
			int known = 0;
			for (int j = 0; j < k && !known; j++)
				known = strcmp(fl->opts[j].name, name) == 0;
			if (known || fl->nforeign == EV_MAX_FIELDS * EV_KIND_COUNT) {
				free(name);
				continue;
			}
			fl->foreign[fl->nforeign++] = name;
			fl->opts = ev_xrealloc(fl->opts, (size_t)(k + 2) * sizeof *fl->opts);
			fl->opts[k].name = name;
			fl->opts[k].has_arg = required_argument;
			fl->opts[k].flag = NULL;
			fl->opts[k].val = EV_FLAG_FOREIGN + kk * EV_MAX_FIELDS + i;
			k++;
			memset(&fl->opts[k], 0, sizeof fl->opts[k]);
		}
	}
}

void ev_flags_free(struct ev_flags *fl)
{
	for (int i = 0; i < EV_MAX_FIELDS; i++) {
		free(fl->name[i]);
		free(fl->label[i]);
	}
	for (int i = 0; i < fl->nforeign; i++)
		free(fl->foreign[i]);
	free(fl->opts);
	memset(fl, 0, sizeof *fl);
}

int ev_flags_take(struct ev_flags *fl, int val, const char *arg)
{
	if (val >= EV_FLAG_FOREIGN && val < EV_FLAG_FOREIGN + EV_KIND_COUNT * EV_MAX_FIELDS)
		return -2;
	int i = val - EV_FLAG_FIELD;
	if (i < 0 || i >= fl->nfields || !fl->name[i])
		return 0;
	if (fl->raw[i])
		return -1;
	fl->raw[i] = arg;
	fl->len[i] = strlen(arg);
	fl->given++;
	return 1;
}

const char *ev_flags_why(const struct ev_flags *fl, int val, int taken)
{
	static char m[200]; /* flag labels, field names and kind words: all ours */
	if (taken == -1) {
		snprintf(m, sizeof m, "%s given twice", fl->label[val - EV_FLAG_FIELD]);
	} else {
		int kk = (val - EV_FLAG_FOREIGN) / EV_MAX_FIELDS, i = (val - EV_FLAG_FOREIGN) % EV_MAX_FIELDS, n;
		const struct ev_field *f = ev_fields((enum ev_kind)kk, &n);
		snprintf(m, sizeof m, "a%s %s has no field %s (%s have)", fl->kind == EV_ARTICLE ? "n" : "",
			 ev_kind_names[fl->kind], f[i].name, kk == EV_LINK ? "links" : ev_kind_plurals[kk]);
	}
	return m;
}

void ev_flags_set(struct ev_flags *fl, int index, const char *s, size_t n, const char *label)
{
	if (!fl->raw[index])
		fl->given++;
	fl->raw[index] = s;
	fl->len[index] = n;
	if (label) {
		free(fl->label[index]);
		fl->label[index] = ev_xstrdup(label);
	}
}

int ev_flags_ci(struct ev_flags *fl, const char *arg)
{
	const char *comma = strchr(arg, ',');
	if (!comma || strchr(comma + 1, ',')) {
		char shown[120];
		snprintf(shown, sizeof shown, "%.80s%s", arg, strlen(arg) > 80 ? "..." : "");
		fl->problems++;
		ev_error("--ci: '%s' is not LO,HI (two numbers separated by a comma%s)", shown,
			 comma ? ", with '.' as the decimal mark" : "");
		return -1;
	}
	ev_flags_set(fl, ev_field_index(EV_LINK, "ci_low"), arg, (size_t)(comma - arg), "--ci");
	ev_flags_set(fl, ev_field_index(EV_LINK, "ci_high"), comma + 1, strlen(comma + 1), "--ci");
	return 0;
}

const char *ev_flags_label(const struct ev_flags *fl, const char *column)
{
	int i = ev_field_index(fl->kind, column);
	return i >= 0 ? fl->label[i] : column;
}

void ev_flags_problem(void *ud, const char *column, const char *message)
{
	struct ev_flags *fl = ud;
	fl->problems++;
	ev_error("%s: %s", ev_flags_label(fl, column), message);
}

int ev_flags_apply(struct ev_flags *fl, struct ev_record *r)
{
	int before = fl->problems;
	for (int i = 0; i < fl->nfields; i++)
		if (fl->raw[i])
			ev_validate_field(r, i, fl->raw[i], fl->len[i], ev_flags_problem, fl);
	/* Record-level rules only make sense once every value is valid; the
	 * same order import follows. */
	if (fl->problems == before)
		ev_validate_record(r, ev_flags_problem, fl);
	/* The warning import gives, naming the flag: on `edit` the record
	 * holds the stored values with the given ones in their place. */
	char far[400]; /* numbers and a measure (ev_validate_ci_centre) */
	if (fl->problems == before && ev_validate_ci_centre(r, far, sizeof far))
		ev_warn("%s: %s", ev_flags_label(fl, "estimate"), far);
	return fl->problems - before;
}

void ev_curate_name(struct ev_buf *b, enum ev_kind kind, const char *key, const char *study, const char *outcome)
{
	if (kind == EV_LINK) {
		ev_buf_addf(b, "link %s -> %s", key, study ? study : "?");
		if (outcome && *outcome)
			ev_buf_addf(b, " (%s)", outcome);
	} else {
		ev_buf_addf(b, "%s '%s'", kind < EV_KIND_COUNT ? ev_kind_names[kind] : "row", key);
	}
}

/* A value for a one-line message: text quoted and cut at 60 characters
 * (on a character boundary), line breaks shown as spaces. */
static void add_value(struct ev_buf *b, const struct ev_hist_row *r, const struct ev_hist_value *v)
{
	char buf[64];
	const char *s = ev_hist_value_text(r, v, buf, sizeof buf);
	if (!s) {
		ev_buf_adds(b, "(none)");
		return;
	}
	if (v->type != EV_V_TEXT) {
		ev_buf_adds(b, s);
		return;
	}
	size_t n = strlen(s), cut = ev_utf8_prefix_for_width(s, n, 60);
	ev_buf_addc(b, '\'');
	for (size_t i = 0; i < cut; i++) {
		char c = s[i];
		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		ev_buf_addc(b, c);
	}
	if (cut < n)
		ev_buf_adds(b, "...");
	ev_buf_addc(b, '\'');
}

int ev_curate_describe(struct ev_db *db, int dry_run, struct ev_buf *b)
{
	struct ev_history h;
	struct ev_history_filter f = {NULL, -1, 0, ev_db_change(db), 1};
	int rows = 0;
	if (!f.change)
		return 0; /* nothing was recorded: nothing changed */
	if (ev_history_read(db, &f, &h)) {
		ev_history_free(&h);
		return -1;
	}
	for (int i = 0; i < h.n; i++) {
		const struct ev_hist_row *r = &h.v[i];
		if (r->row_start == i) {
			int add = strcmp(r->action, "add") == 0, rm = strcmp(r->action, "remove") == 0;
			if (rows++)
				ev_buf_addc(b, '\n');
			ev_buf_adds(b, dry_run ? (add ? "would add " : rm ? "would remove " : "would update ")
					       : (add ? "added " : rm ? "removed " : "updated "));
			ev_curate_name(b, r->kind, r->key, r->study, r->outcome);
			if (add || rm)
				continue;
			ev_buf_addc(b, ':');
		} else if (strcmp(r->action, "edit") != 0) {
			continue;
		}
		ev_buf_addf(b, "\n  %s: ", r->field);
		add_value(b, r, &r->old);
		ev_buf_adds(b, " -> ");
		add_value(b, r, &r->new);
	}
	ev_history_free(&h);
	return rows;
}

/* Lists outcomes for a message: 'a', 'b' and (no outcome). */
static void add_outcomes(struct ev_buf *b, const struct ev_link_refs *refs)
{
	for (int i = 0; i < refs->n; i++) {
		if (i)
			ev_buf_adds(b, i + 1 == refs->n ? " and " : ", ");
		if (*refs->outcome[i])
			ev_buf_addf(b, "'%s'", refs->outcome[i]);
		else
			ev_buf_adds(b, "(no outcome)");
	}
}

int ev_curate_find_link(struct ev_db *db, const char *claim, const char *study, const char *outcome,
			const char *verb, int64_t *id)
{
	int64_t c, s;
	int found, rc = 0;
	struct ev_link_refs refs = {0};
	struct ev_buf m = EV_BUF_INIT;
	if ((found = ev_model_find(db, EV_CLAIM, claim, &c)) <= 0)
		return found < 0 ? -1 : (ev_model_not_found(db, EV_CLAIM, claim), 0);
	if ((found = ev_model_find(db, EV_STUDY, study, &s)) <= 0)
		return found < 0 ? -1 : (ev_model_not_found(db, EV_STUDY, study), 0);
	if (ev_model_links_between(db, c, s, &refs))
		return -1;
	if (refs.n == 0) {
		ev_error("claim '%s' has no link to study '%s'", claim, study);
		goto done;
	}
	if (!outcome && refs.n == 1) {
		*id = refs.id[0];
		rc = 1;
		goto done;
	}
	if (!outcome) {
		ev_buf_addf(&m, "claim '%s' has %d links to study '%s', for outcomes ", claim, refs.n, study);
		add_outcomes(&m, &refs);
		ev_buf_addf(&m, "; name one, as in: evidence %s link %s %s ", verb, claim, study);
		ev_buf_add_shell_word(&m, *refs.outcome[0] ? refs.outcome[0] : refs.outcome[1]);
		ev_error("%s", ev_buf_str(&m));
		goto done;
	}
	for (int i = 0; i < refs.n; i++)
		if (strcmp(refs.outcome[i], outcome) == 0) {
			*id = refs.id[i];
			rc = 1;
			goto done;
		}
	if (*outcome)
		ev_buf_addf(&m, "claim '%s' has no link to study '%s' for outcome '%s'; it has ", claim, study, outcome);
	else
		ev_buf_addf(&m, "claim '%s' has no link to study '%s' without an outcome; it has ", claim, study);
	ev_buf_adds(&m, refs.n == 1 ? "one, for " : "links for ");
	add_outcomes(&m, &refs);
	ev_error("%s", ev_buf_str(&m));
done:
	ev_buf_free(&m);
	ev_link_refs_free(&refs);
	return rc;
}

struct similar_ctx {
	const char *key;
	const char *authors;
	int year;
};

static void warn_similar(void *ud, const char *key, const char *authors, double similarity)
{
	const struct similar_ctx *c = ud;
	(void)authors;
	/* Name the author as the user wrote them, initials and all, and
	 * whole (the name was cut at 100 bytes). */
	int n = (int)strcspn(c->authors, ",;");
	ev_warn("study '%s' may be a duplicate of '%s' (same first author %.*s, same year %d, titles %d%% alike); "
		"if it is, remove one with 'evidence rm study KEY'",
		c->key, key, n, c->authors, c->year, (int)(similarity * 100 + 1e-9));
}

int ev_curate_warn_similar(struct ev_db *db, const struct ev_record *r, int64_t self)
{
	const struct ev_value *year = ev_record_get(r, "year");
	struct similar_ctx c = {ev_record_text(r, "key"), ev_record_text(r, "authors"),
				year->type == EV_V_INT ? (int)year->i : 0};
	if (r->kind != EV_STUDY || !c.authors)
		return 0;
	return ev_model_similar_studies(db, r, self, warn_similar, &c);
}

int ev_curate_finish(struct ev_ctx *ctx, int dry_run)
{
	int rows = ev_curate_describe(&ctx->db, dry_run, &ctx->said);
	if (rows >= 0 && (dry_run || rows == 0))
		ctx->discard = 1;
	return rows;
}
