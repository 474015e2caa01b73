/*
 * fuzz_curate.c: sequences of curation commands (add, edit, link, rm) on
 * the tests/data/core fixtures, the way a curator makes them, with any
 * values: every command either happens completely, history included, or
 * not at all.
 *
 * Input: up to 12 commands separated by two 0x1e bytes. A command is an
 * op byte, then items separated by 0x1f. The op's low three bits pick the
 * command (add, edit, rm, link, edit link, rm link), bits 4-5 the kind
 * for add, edit and rm (study, claim, article), bit 3 runs it with
 * --dry-run first, bit 6 adds --cascade to rm. The operands are picked
 * from what the database holds by the first item's bytes (a key by index;
 * with its first byte's high bit set, the item's text itself, usually a
 * key that does not exist); every other item is a flag of the kind's
 * fields (its first byte, modulo their number) with the rest as its value.
 * A flag is given once at most and only flags of the kind are made, so no
 * command is a usage error (which would exit).
 *
 * Properties checked besides memory safety:
 * - a command that fails changes nothing, history included;
 * - --dry-run changes nothing and succeeds exactly when the command does;
 * - a command that succeeds records one change set when it changed the
 *   data and none when it did not;
 * - history agrees with the data: replaying every change set from the
 *   first (adds, edits with renames, removals, each checked against what
 *   the replay holds before it) gives exactly the records the database
 *   has, every field with its stored value and type (as `evidence log`
 *   reads them);
 * - after the commands, every read command works (fuzz_import's
 *   read_everything, the dump round trip included).
 */
#include "commands.h"
#include "model.h"
#include "model_history.h"

#define MAX_COMMANDS 12

enum op { OP_ADD, OP_EDIT, OP_RM, OP_LINK, OP_EDIT_LINK, OP_RM_LINK, OP_COUNT };

/* ---- the data tables only (history aside) --------------------------- */

static uint64_t data_digest(sqlite3 *h)
{
	static const char *const sql[] = {
		"SELECT * FROM articles ORDER BY id", "SELECT * FROM studies ORDER BY id",
		"SELECT * FROM claims ORDER BY id",   "SELECT * FROM claim_topics ORDER BY 1, 2, 3",
		"SELECT * FROM topics ORDER BY id",   "SELECT * FROM evidence ORDER BY id"};
	uint64_t d = 1469598103934665603ull;
	for (size_t t = 0; t < sizeof sql / sizeof sql[0]; t++) {
		sqlite3_stmt *st = NULL;
		FUZZ_CHECK(sqlite3_prepare_v2(h, sql[t], -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *p = sqlite3_column_blob(st, i);
				int n = sqlite3_column_bytes(st, i);
				d = (d ^ (uint64_t)sqlite3_column_type(st, i)) * 1099511628211ull;
				for (int k = 0; k < n; k++)
					d = (d ^ p[k]) * 1099511628211ull;
				d = (d ^ 0xff) * 1099511628211ull;
			}
		sqlite3_finalize(st);
		d = (d ^ 0xfe) * 1099511628211ull;
	}
	return d;
}

static int64_t count(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	FUZZ_CHECK(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ---- history replayed --------------------------------------------------- */

/* One field of one record as the replay holds it. */
struct entry {
	enum ev_kind kind;
	char *key, *study, *outcome; /* study and outcome ("" for none) for links */
	char *field;
	struct ev_hist_value v;
	int seen;
};

struct replay {
	struct entry *e;
	int n, cap;
};

static int same_text(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

static int same_id(const struct entry *e, enum ev_kind kind, const char *key, const char *study, const char *outcome)
{
	return e->kind == kind && same_text(e->key, key) &&
	       (kind != EV_LINK || (same_text(e->study, study) && same_text(e->outcome, outcome)));
}

static struct entry *find(struct replay *r, enum ev_kind kind, const char *key, const char *study, const char *outcome,
			  const char *field)
{
	for (int i = 0; i < r->n; i++)
		if (same_id(&r->e[i], kind, key, study, outcome) && strcmp(r->e[i].field, field) == 0)
			return &r->e[i];
	return NULL;
}

static int same_hist(const struct ev_hist_value *a, const struct ev_hist_value *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case EV_V_INT:
		return a->i == b->i;
	case EV_V_REAL:
		return a->d == b->d;
	case EV_V_TEXT:
		return strcmp(a->s, b->s) == 0;
	default:
		return 1;
	}
}

static void copy_value(struct ev_hist_value *to, const struct ev_hist_value *from)
{
	*to = *from;
	to->s = from->type == EV_V_TEXT ? ev_xstrdup(from->s) : NULL;
}

static void set_text(char **to, const char *s)
{
	free(*to);
	*to = s ? ev_xstrdup(s) : NULL;
}

static void drop(struct replay *r, struct entry *e)
{
	free(e->key);
	free(e->study);
	free(e->outcome);
	free(e->field);
	free(e->v.s);
	*e = r->e[--r->n];
}

static void replay_free(struct replay *r)
{
	while (r->n)
		drop(r, &r->e[r->n - 1]);
	free(r->e);
}

static const char *value_text(const struct ev_hist_value *v, char *buf, size_t size)
{
	switch (v->type) {
	case EV_V_INT:
		snprintf(buf, size, "%lld", (long long)v->i);
		return buf;
	case EV_V_REAL:
		snprintf(buf, size, "%.17g (real)", v->d);
		return buf;
	case EV_V_TEXT:
		return v->s;
	default:
		return "(none)";
	}
}

/* A row's field as the replay had it before the row: must be row->old. */
static void check_old(struct replay *r, const struct ev_hist_row *h, const char *key, const char *study,
		      const char *outcome)
{
	struct entry *e = find(r, h->kind, key, study, outcome, h->field);
	static const struct ev_hist_value none = {EV_V_NULL, 0, 0, NULL};
	char a[64], b[64];
	FUZZ_CHECK(same_hist(e ? &e->v : &none, &h->old),
		   "change %lld: %s %s %s: history says it was '%s', the history before it made it '%s'",
		   (long long)h->change, ev_kind_names[h->kind], key, h->field, value_text(&h->old, a, sizeof a),
		   value_text(e ? &e->v : &none, b, sizeof b));
}

static void put(struct replay *r, const struct ev_hist_row *h)
{
	struct entry *e = find(r, h->kind, h->key, h->study, h->outcome, h->field);
	if (h->new.type == EV_V_NULL) {
		if (e)
			drop(r, e);
		return;
	}
	if (!e) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 256;
			r->e = ev_xrealloc(r->e, (size_t)r->cap * sizeof *r->e);
		}
		e = &r->e[r->n++];
		memset(e, 0, sizeof *e);
		e->kind = h->kind;
		e->key = ev_xstrdup(h->key);
		e->study = h->kind == EV_LINK ? ev_xstrdup(h->study ? h->study : "") : NULL;
		e->outcome = h->kind == EV_LINK ? ev_xstrdup(h->outcome ? h->outcome : "") : NULL;
		e->field = ev_xstrdup(h->field);
	} else {
		free(e->v.s);
	}
	copy_value(&e->v, &h->new);
}

/* The old value of a field the group changes, as text, or NULL. */
static const char *old_of(const struct ev_hist_row *g, int n, const char *field, int *changed)
{
	for (int i = 0; i < n; i++)
		if (strcmp(g[i].field, field) == 0 && strcmp(g[i].action, "edit") == 0) {
			*changed = 1;
			return g[i].old.type == EV_V_TEXT ? g[i].old.s : NULL;
		}
	*changed = 0;
	return NULL;
}

/* A record's key changed from old to new: its fields follow, and so do
 * the references to it (records refer to each other by id, so the rows
 * that refer to it were not changed and history has nothing about them). */
static void rename_key(struct replay *r, enum ev_kind kind, const char *old, const char *new)
{
	for (int i = 0; i < r->n; i++) {
		struct entry *e = &r->e[i];
		if (e->kind == kind && kind != EV_LINK && same_text(e->key, old))
			set_text(&e->key, new);
		if (kind == EV_CLAIM && e->kind == EV_LINK) {
			if (same_text(e->key, old))
				set_text(&e->key, new);
			if (strcmp(e->field, "claim") == 0 && e->v.type == EV_V_TEXT && same_text(e->v.s, old))
				set_text(&e->v.s, new);
		}
		if (kind == EV_STUDY && e->kind == EV_LINK) {
			if (same_text(e->study, old))
				set_text(&e->study, new);
			if (strcmp(e->field, "study") == 0 && e->v.type == EV_V_TEXT && same_text(e->v.s, old))
				set_text(&e->v.s, new);
		}
		if (kind == EV_ARTICLE && e->kind == EV_CLAIM && strcmp(e->field, "article") == 0 &&
		    e->v.type == EV_V_TEXT && same_text(e->v.s, old))
			set_text(&e->v.s, new);
	}
}

static int has_id(struct replay *r, enum ev_kind kind, const char *key, const char *study, const char *outcome)
{
	for (int i = 0; i < r->n; i++)
		if (same_id(&r->e[i], kind, key, study, outcome))
			return 1;
	return 0;
}

/* Applies the rows of one record in one change set. */
static void apply_group(struct replay *r, const struct ev_hist_row *g, int n)
{
	const struct ev_hist_row *h0 = &g[0];
	const char *key = h0->key, *study = h0->study ? h0->study : "", *outcome = h0->outcome ? h0->outcome : "";
	/* The identity it had before this change set. */
	const char *okey = key, *ostudy = study, *ooutcome = outcome;
	int changed;
	if (h0->kind == EV_LINK) {
		const char *v = old_of(g, n, "claim", &changed);
		if (changed)
			okey = v;
		v = old_of(g, n, "study", &changed);
		if (changed)
			ostudy = v;
		v = old_of(g, n, "outcome", &changed);
		if (changed)
			ooutcome = v ? v : "";
		if (!same_text(okey, key) || !same_text(ostudy, study) || !same_text(ooutcome, outcome))
			for (int i = 0; i < r->n; i++)
				if (same_id(&r->e[i], EV_LINK, okey, ostudy, ooutcome)) {
					set_text(&r->e[i].key, key);
					set_text(&r->e[i].study, study);
					set_text(&r->e[i].outcome, outcome);
				}
	} else {
		const char *v = old_of(g, n, "key", &changed);
		if (changed && v && !same_text(v, key))
			rename_key(r, h0->kind, v, key);
	}
	for (int i = 0; i < n; i++) {
		const struct ev_hist_row *h = &g[i];
		FUZZ_CHECK(h->kind == h0->kind && same_text(h->key, key), "a group of history rows about two records");
		if (strcmp(h->action, "add") == 0) {
			FUZZ_CHECK(i > 0 || !has_id(r, h->kind, key, study, outcome),
				   "change %lld: %s '%s' added, but history has it already", (long long)h->change,
				   ev_kind_names[h->kind], key);
			FUZZ_CHECK(h->old.type == EV_V_NULL, "change %lld: an added field with an old value",
				   (long long)h->change);
		} else {
			check_old(r, h, key, study, outcome);
		}
		put(r, h);
	}
	if (strcmp(h0->action, "remove") == 0)
		FUZZ_CHECK(!has_id(r, h0->kind, key, study, outcome),
			   "change %lld: %s '%s' removed, but history leaves fields of it", (long long)h0->change,
			   ev_kind_names[h0->kind], key);
}

static void replay_history(struct ev_db *db, struct replay *r)
{
	struct ev_history h;
	struct ev_history_filter f = {NULL, -1, 0, 0, 0};
	FUZZ_CHECK(ev_history_read(db, &f, &h) == 0, "the history does not read");
	/* Change sets newest first; each one's rows in order. */
	for (int end = h.n; end > 0;) {
		int start = end - 1;
		while (start > 0 && h.v[start - 1].change == h.v[end - 1].change)
			start--;
		for (int i = start; i < end;) {
			int j = i + 1;
			while (j < end && h.v[j].row_start == h.v[i].row_start)
				j++;
			apply_group(r, &h.v[i], j - i);
			i = j;
		}
		end = start;
	}
	ev_history_free(&h);
}

/* The database's records must be what history replayed says. */
static void check_history(struct ev_ctx *ctx)
{
	static const char *const ids[] = {"SELECT id FROM articles ORDER BY id", "SELECT id FROM studies ORDER BY id",
					  "SELECT id FROM claims ORDER BY id", "SELECT id FROM evidence ORDER BY id"};
	static const enum ev_kind kinds[] = {EV_ARTICLE, EV_STUDY, EV_CLAIM, EV_LINK};
	struct replay r = {NULL, 0, 0};
	replay_history(&ctx->db, &r);
	for (int k = 0; k < 4; k++) {
		sqlite3_stmt *st = NULL;
		FUZZ_CHECK(sqlite3_prepare_v2(ctx->db.h, ids[k], -1, &st, NULL) == SQLITE_OK, "ids");
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct ev_record rec = {0};
			int nf;
			const struct ev_field *fl = ev_fields(kinds[k], &nf);
			FUZZ_CHECK(ev_model_read(&ctx->db, kinds[k], sqlite3_column_int64(st, 0), &rec) == 0, "a record");
			const char *key = ev_record_text(&rec, kinds[k] == EV_LINK ? "claim" : "key");
			const char *study = kinds[k] == EV_LINK ? ev_record_text(&rec, "study") : NULL;
			const char *outcome = kinds[k] == EV_LINK ? ev_record_text(&rec, "outcome") : NULL;
			for (int i = 0; i < nf; i++) {
				const struct ev_value *v = &rec.v[i];
				if (v->type == EV_V_NULL)
					continue;
				struct entry *e = find(&r, kinds[k], key, study, outcome ? outcome : "", fl[i].name);
				struct ev_hist_value hv = {v->type, v->i, v->d, NULL};
				char *text = v->type == EV_V_TEXT ? ev_xstrdup(v->s) : NULL;
				hv.s = text;
				char a[64], b[64];
				FUZZ_CHECK(e && same_hist(&e->v, &hv), "%s '%s' %s%s%s: the database has '%s', history '%s'",
					   ev_kind_names[kinds[k]], key, study ? study : "", study ? ": " : "", fl[i].name,
					   value_text(&hv, a, sizeof a), e ? value_text(&e->v, b, sizeof b) : "nothing");
				e->seen = 1;
				free(text);
			}
			ev_record_free(&rec);
		}
		sqlite3_finalize(st);
	}
	for (int i = 0; i < r.n; i++) {
		char a[64];
		FUZZ_CHECK(r.e[i].seen, "history has %s '%s' %s = '%s', which the database does not", ev_kind_names[r.e[i].kind],
			   r.e[i].key, r.e[i].field, value_text(&r.e[i].v, a, sizeof a));
	}
	replay_free(&r);
}

/* ---- commands from the input -------------------------------------------- */

struct argv {
	const char *v[64];
	char *owned[64];
	int n, nowned;
};

static void arg(struct argv *a, const char *s)
{
	if (a->n < 62)
		a->v[a->n++] = s;
}

static const char *own(struct argv *a, char *s)
{
	a->owned[a->nowned++] = s;
	return s;
}

/* The i-th row of `sql` (modulo their number): its columns, allocated, or
 * 0 when there are none. */
static int pick(struct ev_ctx *ctx, const char *sql, unsigned i, char *out[3])
{
	int64_t n = 0;
	sqlite3_stmt *st = NULL;
	char *csql = ev_xasprintf("SELECT count(*) FROM (%s)", sql);
	n = count(ctx->db.h, csql);
	free(csql);
	if (n <= 0)
		return 0;
	char *osql = ev_xasprintf("%s LIMIT 1 OFFSET %lld", sql, (long long)(i % (uint64_t)n));
	FUZZ_CHECK(sqlite3_prepare_v2(ctx->db.h, osql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(ctx->db.h));
	free(osql);
	FUZZ_CHECK(sqlite3_step(st) == SQLITE_ROW, "no row");
	for (int c = 0; c < 3; c++) {
		const char *t = c < sqlite3_column_count(st) ? (const char *)sqlite3_column_text(st, c) : NULL;
		out[c] = t ? ev_xstrdup(t) : NULL;
	}
	sqlite3_finalize(st);
	return 1;
}

static const char *const key_sql[] = {"SELECT key FROM articles ORDER BY id", "SELECT key FROM studies ORDER BY id",
				      "SELECT key FROM claims ORDER BY id"};

/* A key operand: an existing one by index, or the item's own text. */
static const char *key_operand(struct ev_ctx *ctx, struct argv *a, enum ev_kind kind, const char *item, size_t n)
{
	char *row[3] = {NULL, NULL, NULL};
	if (n && !((unsigned char)item[0] & 0x80) && pick(ctx, key_sql[kind], (unsigned char)item[0], row)) {
		free(row[1]);
		free(row[2]);
		return own(a, row[0]);
	}
	return own(a, ev_xstrndup(n ? item + 1 : item, n ? n - 1 : 0));
}

/* The flags of the items after the first: --name=value, each name once. */
static void flags(struct argv *a, enum ev_kind kind, char **items, const size_t *len, int nitems, int skip_refs)
{
	int nf;
	const struct ev_field *f = ev_fields(kind, &nf);
	unsigned char used[EV_MAX_FIELDS] = {0};
	for (int i = 1; i < nitems; i++) {
		if (!len[i])
			continue;
		int k = (unsigned char)items[i][0] % nf;
		/* A link's claim and study are its operands, not flags. */
		if (used[k] || (skip_refs && (strcmp(f[k].name, "claim") == 0 || strcmp(f[k].name, "study") == 0)))
			continue;
		used[k] = 1;
		char *name = ev_xstrdup(f[k].name);
		for (char *p = name; *p; p++)
			if (*p == '_')
				*p = '-';
		/* (A NUL byte in the value ends it, as it would on a command line.) */
		arg(a, own(a, ev_xasprintf("--%s=%s", name, items[i] + 1)));
		free(name);
	}
}

/* Builds the argument list of one command; returns its ev_cmd, or NULL
 * when it cannot be made (add or edit without a flag: a usage error). */
static const struct ev_cmd *build(struct ev_ctx *ctx, int op, char **items, size_t *len, int nitems, struct argv *a,
				  int dry)
{
	static const enum ev_kind kinds[] = {EV_STUDY, EV_CLAIM, EV_ARTICLE, EV_STUDY};
	enum ev_kind kind = kinds[(op >> 4) & 3];
	const char *first = nitems ? items[0] : "";
	size_t flen = nitems ? len[0] : 0;
	char *row[3] = {NULL, NULL, NULL};
	const struct ev_cmd *cmd = NULL;
	/* The kind comes first (add and edit insist), then the flags, then
	 * "--" and the keys, which may start with '-'. */
	a->n = 0;
	if ((op & 7) == OP_ADD || (op & 7) == OP_EDIT || (op & 7) == OP_RM)
		arg(a, ev_kind_names[kind]);
	else if ((op & 7) != OP_LINK)
		arg(a, "link");
	if (dry)
		arg(a, "--dry-run");
	switch (op & 7) {
	case OP_ADD: {
		int before = a->n;
		flags(a, kind, items, len, nitems, 0);
		if (a->n == before)
			return NULL; /* add without a flag is a usage error */
		cmd = &ev_cmd_add;
		break;
	}
	case OP_EDIT: {
		int before = a->n;
		flags(a, kind, items, len, nitems, 0);
		if (a->n == before)
			return NULL;
		arg(a, "--");
		arg(a, key_operand(ctx, a, kind, first, flen));
		cmd = &ev_cmd_edit;
		break;
	}
	case OP_RM:
		if ((op >> 6) & 1)
			arg(a, "--cascade");
		arg(a, "--");
		arg(a, key_operand(ctx, a, kind, first, flen));
		cmd = &ev_cmd_rm;
		break;
	case OP_LINK: {
		flags(a, EV_LINK, items, len, nitems, 1);
		arg(a, "--");
		unsigned c = flen > 0 ? (unsigned char)first[0] : 0, s = flen > 1 ? (unsigned char)first[1] : 0;
		if (pick(ctx, key_sql[EV_CLAIM], c, row))
			arg(a, own(a, row[0]));
		else
			arg(a, "no-claim");
		if (pick(ctx, key_sql[EV_STUDY], s, row))
			arg(a, own(a, row[0]));
		else
			arg(a, "no-study");
		cmd = &ev_cmd_link;
		break;
	}
	case OP_EDIT_LINK:
	case OP_RM_LINK: {
		int before = a->n;
		if ((op & 7) == OP_EDIT_LINK) {
			flags(a, EV_LINK, items, len, nitems, 1);
			if (a->n == before)
				return NULL;
		}
		arg(a, "--");
		if (!pick(ctx,
			  "SELECT c.key, s.key, e.outcome FROM evidence e JOIN claims c ON c.id = e.claim_id JOIN "
			  "studies s ON s.id = e.study_id ORDER BY e.id",
			  flen ? (unsigned char)first[0] : 0, row))
			return NULL;
		arg(a, own(a, row[0]));
		arg(a, own(a, row[1]));
		/* The outcome names the link among several; left out now and then. */
		if (row[2] && *row[2] && !(flen > 1 && (first[1] & 1)))
			arg(a, own(a, row[2]));
		else
			free(row[2]);
		cmd = (op & 7) == OP_EDIT_LINK ? &ev_cmd_edit : &ev_cmd_rm;
		break;
	}
	default:
		return NULL;
	}
	a->v[a->n] = NULL;
	return cmd;
}

static void argv_free(struct argv *a)
{
	for (int i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	a->nowned = 0;
	a->n = 0;
}

/* Runs one command (after its dry run, when asked) and checks it. */
static void run_one(struct ev_ctx *ctx, const uint8_t *cmd, size_t size)
{
	char *items[32];
	size_t len[32];
	int nitems = 0, op = cmd[0];
	const uint8_t *p = cmd + 1, *end = cmd + size;
	while (p < end && nitems < 32) {
		const uint8_t *sep = memchr(p, 0x1f, (size_t)(end - p));
		size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
		/* Bytes with their length: the first byte of an item may be 0. */
		items[nitems] = ev_xmalloc(n + 1);
		memcpy(items[nitems], p, n);
		items[nitems][n] = '\0';
		len[nitems] = n;
		nitems++;
		p += n + 1;
	}
	if ((op & 7) >= OP_COUNT)
		goto done;
	struct argv a = {.n = 0, .nowned = 0};
	int dry_rc = -1;
	if ((op >> 3) & 1) {
		const struct ev_cmd *c = build(ctx, op, items, len, nitems, &a, 1);
		if (c) {
			uint64_t before = digest(ctx->db.h);
			dry_rc = run_cmd(ctx, c, a.v);
			FUZZ_CHECK(dry_rc == EV_OK || dry_rc == EV_FAIL, "%s --dry-run: status %d", c->name, dry_rc);
			FUZZ_CHECK(digest(ctx->db.h) == before, "%s --dry-run changed the database", c->name);
		}
		argv_free(&a);
	}
	const struct ev_cmd *c = build(ctx, op, items, len, nitems, &a, 0);
	if (c) {
		uint64_t before = digest(ctx->db.h), data = data_digest(ctx->db.h);
		int64_t changes = count(ctx->db.h, "SELECT count(*) FROM changes");
		int rc = run_cmd(ctx, c, a.v);
		FUZZ_CHECK(rc == EV_OK || rc == EV_FAIL, "%s: status %d", c->name, rc);
		if (dry_rc >= 0)
			FUZZ_CHECK(rc == dry_rc, "%s: --dry-run said %d, the command %d", c->name, dry_rc, rc);
		if (rc != EV_OK) {
			FUZZ_CHECK(digest(ctx->db.h) == before, "a failed %s changed the database", c->name);
		} else {
			int64_t added = count(ctx->db.h, "SELECT count(*) FROM changes") - changes;
			int data_changed = data_digest(ctx->db.h) != data;
			FUZZ_CHECK(added == data_changed, "%s %s the data and recorded %lld change sets", c->name,
				   data_changed ? "changed" : "did not change", (long long)added);
		}
	}
	argv_free(&a);
done:
	for (int i = 0; i < nitems; i++)
		free(items[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	load_fixture();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t sep[2] = {0x1e, 0x1e};
	struct ev_ctx ctx;
	reset_ctx(&ctx, EV_FMT_CSV, 0);
	open_db(&ctx, 1);
	for (int k = 0; k < MAX_COMMANDS && size > 0; k++) {
		const uint8_t *end = memmem(data, size, sep, sizeof sep);
		size_t len = end ? (size_t)(end - data) : size;
		if (len)
			run_one(&ctx, data, len);
		if (!end)
			break;
		data += len + sizeof sep;
		size -= len + sizeof sep;
	}
	check_history(&ctx);
	read_everything(&ctx, 1);
	close_db(&ctx);
	return 0;
}
