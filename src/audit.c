/*
 * audit.c: an article's stated study details against the records (see
 * audit.h and docs/audit.md for the rules and tolerances).
 *
 * Every comparison returns a status and a detail in words, because the
 * reader is a fact-checker who needs "243 vs 180: +63 (+35%)", not a
 * score. Text is compared after ev_fold (articletext.h), so case, accents,
 * typographic quotes and dashes never decide a match.
 */
#include "audit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "articletext.h"
#include "population.h"
#include "util.h"
#include "validate.h"

const char *const ev_check_names[] = {"match", "mismatch", "unchecked", "not-found", NULL};
const char *const ev_result_names[] = {"supports", "contradicts", "no-effect", "mixed", NULL};

/* ---- n ------------------------------------------------------------------ */

/* The callers' buffers hold a number formatted to three significant
 * digits and a sign: 48 bytes are plenty. */
static const char *fmt_pct(char *buf, size_t size, double pct)
{
	char num[24];
	ev_fmt_num(num, sizeof num, fabs(pct) >= 10 ? round(pct) : round(pct * 10) / 10, 3);
	snprintf(buf, size, "%s%s%%", pct > 0 ? "+" : "", num);
	return buf;
}

enum ev_check ev_audit_n(int64_t stated, int64_t record, struct ev_buf *detail)
{
	ev_buf_reset(detail);
	if (record <= 0) {
		ev_buf_adds(detail, "the record gives no sample size");
		return EV_CHECK_UNCHECKED;
	}
	int64_t diff = stated - record;
	if (diff == 0)
		return EV_CHECK_MATCH;
	char d[32], p[48];
	double pct = 100.0 * (double)diff / (double)record;
	ev_fmt_count(d + 1, sizeof d - 1, diff < 0 ? -diff : diff);
	d[0] = diff < 0 ? '-' : '+';
	fmt_pct(p, sizeof p, pct);
	int ok = (double)(diff < 0 ? -diff : diff) <= EV_AUDIT_N_TOLERANCE * (double)record;
	ev_buf_addf(detail, "%s (%s)%s", d, p, ok ? ", within 5%" : "");
	return ok ? EV_CHECK_MATCH : EV_CHECK_MISMATCH;
}

/* ---- duration ------------------------------------------------------------ */

/* Two numbers of six significant digits and "months": 64 bytes hold it. */
static const char *fmt_months(char *buf, size_t size, double lo, double hi)
{
	char a[32];
	if (lo == hi) {
		snprintf(buf, size, "%s month%s", ev_fmt_num(a, sizeof a, lo, 6), lo == 1 ? "" : "s");
	} else {
		char b[32];
		snprintf(buf, size, "%s-%s months", ev_fmt_num(a, sizeof a, lo, 6), ev_fmt_num(b, sizeof b, hi, 6));
	}
	return buf;
}

enum ev_check ev_audit_duration(const char *stated, const char *record, struct ev_buf *detail)
{
	double alo, ahi, rlo, rhi;
	char a[32];
	ev_buf_reset(detail);
	if (!record || !*record) {
		ev_buf_adds(detail, "the record gives no duration");
		return EV_CHECK_UNCHECKED;
	}
	if (!stated || ev_parse_months(stated, &alo, &ahi)) {
		ev_buf_addf(detail, "'%s' is not a number of months or a range LO-HI", stated ? stated : "");
		return EV_CHECK_MISMATCH;
	}
	if (ev_parse_months(record, &rlo, &rhi)) {
		ev_buf_addf(detail, "the record's duration '%s' is not a number of months", record);
		return EV_CHECK_UNCHECKED;
	}
	double tol = fmax(EV_AUDIT_MONTHS_TOLERANCE, EV_AUDIT_MONTHS_RELATIVE * rhi);
	int ok = alo <= rhi + tol && ahi >= rlo - tol;
	if (alo == ahi && rlo == rhi) {
		double diff = alo - rlo;
		char p[48];
		if (diff == 0)
			return EV_CHECK_MATCH;
		ev_buf_addf(detail, "%s%s month%s (%s)%s", diff > 0 ? "+" : "-", ev_fmt_num(a, sizeof a, fabs(diff), 6),
			    fabs(diff) == 1 ? "" : "s", fmt_pct(p, sizeof p, 100 * diff / rlo), ok ? ", within tolerance" : "");
	} else if (!ok) {
		double gap = ahi < rlo ? rlo - ahi : alo - rhi;
		ev_buf_addf(detail, "%s month%s %s", ev_fmt_num(a, sizeof a, gap, 6), gap == 1 ? "" : "s",
			    ahi < rlo ? "shorter" : "longer");
	} else if (!(alo == rlo && ahi == rhi)) {
		if (alo >= rlo && ahi <= rhi)
			ev_buf_adds(detail, "within the record's range");
		else if (rlo >= alo && rhi <= ahi)
			ev_buf_adds(detail, "the stated range includes the record's");
		else if (alo <= rhi && ahi >= rlo)
			ev_buf_adds(detail, "the ranges overlap");
		else
			ev_buf_addf(detail, "%s month%s apart, within tolerance",
				    ev_fmt_num(a, sizeof a, ahi < rlo ? rlo - ahi : alo - rhi, 6),
				    (ahi < rlo ? rlo - ahi : alo - rhi) == 1 ? "" : "s");
	}
	return ok ? EV_CHECK_MATCH : EV_CHECK_MISMATCH;
}

/* ---- countries ----------------------------------------------------------- */

/* Canonical name, then aliases, written as letters only (dots, spaces
 * and case removed before lookup: "U.S." -> "us"). */
static const char *const countries[][10] = {
	{"Netherlands", "netherlands", "thenetherlands", "holland", "nl", "nld", "dutch", NULL},
	{"United States", "unitedstates", "unitedstatesofamerica", "usa", "us", "america", "american", NULL},
	{"United Kingdom", "unitedkingdom", "uk", "gb", "greatbritain", "britain", "british", "england",
	 "scotland", "wales"},
	{"Denmark", "denmark", "dk", "danish", NULL},
	{"Japan", "japan", "jp", "japanese", NULL},
	{"Germany", "germany", "de", "deutschland", "german", NULL},
	{"France", "france", "fr", "french", NULL},
	{"Italy", "italy", "italia", "italian", NULL},
	{"Spain", "spain", "es", "espana", "spanish", NULL},
	{"Sweden", "sweden", "se", "swedish", NULL},
	{"Norway", "norway", "norwegian", NULL},
	{"Finland", "finland", "fi", "finnish", NULL},
	{"Belgium", "belgium", "be", "belgian", NULL},
	{"Switzerland", "switzerland", "ch", "swiss", NULL},
	{"Austria", "austria", "at", "austrian", NULL},
	{"Ireland", "ireland", "ie", "irish", NULL},
	{"Canada", "canada", "ca", "canadian", NULL},
	{"Australia", "australia", "au", "australian", NULL},
	{"New Zealand", "newzealand", "nz", NULL},
	{"China", "china", "cn", "prc", "peoplesrepublicofchina", "chinese", NULL},
	{"South Korea", "southkorea", "korea", "kr", "republicofkorea", "korean", NULL},
	{"Taiwan", "taiwan", "tw", NULL},
	{"India", "india", "indian", NULL},
	{"Brazil", "brazil", "brasil", "br", "brazilian", NULL},
	{"Israel", "israel", "il", "israeli", NULL},
	{"Iran", "iran", "ir", "iranian", NULL},
	{"Poland", "poland", "pl", "polish", NULL},
	{"Portugal", "portugal", "pt", "portuguese", NULL},
	{"Greece", "greece", "gr", "greek", NULL},
	{"Turkey", "turkey", "turkiye", "tr", "turkish", NULL},
	{"Mexico", "mexico", "mx", "mexican", NULL},
	{"Russia", "russia", "ru", "russianfederation", "russian", NULL},
	{"Singapore", "singapore", "sg", NULL},
	{"South Africa", "southafrica", "za", NULL},
	{"Czech Republic", "czechrepublic", "czechia", "cz", "czech", NULL},
	{"Hungary", "hungary", "hu", "hungarian", NULL},
	{"Iceland", "iceland", "icelandic", NULL},
	{"Argentina", "argentina", "ar", NULL},
	{"Chile", "chile", "cl", NULL},
	{"Egypt", "egypt", "eg", NULL},
	{"Nigeria", "nigeria", "ng", NULL},
};
#define NCOUNTRIES ((int)(sizeof countries / sizeof countries[0]))

/* The letters of s[0..n), folded, with everything else removed; also
 * drops a leading "the". Replaces what key held: the whole text, however
 * long, so two long names differing only near their ends stay apart. */
static void country_key(const char *s, size_t n, struct ev_buf *key)
{
	char *f = ev_fold(s, n, NULL, NULL);
	const char *p = f;
	ev_buf_reset(key);
	if (strncmp(p, "the ", 4) == 0)
		p += 4;
	for (; *p; p++)
		if (ev_word_char((unsigned char)*p))
			ev_buf_addc(key, *p);
	free(f);
}

const char *ev_country_name(const char *s, size_t n)
{
	struct ev_buf key = EV_BUF_INIT;
	const char *name = NULL;
	country_key(s, n, &key);
	for (int i = 0; i < NCOUNTRIES && !name; i++)
		for (int j = 1; j < 10 && countries[i][j] && !name; j++)
			if (strcmp(ev_buf_str(&key), countries[i][j]) == 0)
				name = countries[i][0];
	ev_buf_free(&key);
	return name;
}

/* The countries a field lists, each once, as many as it names. */
struct country_list {
	int n, cap;
	char **name; /* canonical name, or the text as given (owned) */
	char **key;  /* what is compared (owned) */
};

static void country_list_free(struct country_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->name[i]);
		free(l->key[i]);
	}
	free(l->name);
	free(l->key);
	memset(l, 0, sizeof *l);
}

/* Splits a country field at ",", ";", "/", "&" and " and ". */
static void country_list(const char *s, struct country_list *l)
{
	memset(l, 0, sizeof *l);
	struct ev_buf key = EV_BUF_INIT;
	const char *p = s ? s : "";
	while (*p) {
		size_t len = 0;
		const char *end = p;
		while (*end && !strchr(",;/&", *end) && strncmp(end, " and ", 5) != 0)
			end++;
		len = (size_t)(end - p);
		while (len && (*p == ' ' || *p == '\t'))
			p++, len--;
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len) {
			const char *canon = ev_country_name(p, len);
			if (canon) {
				ev_buf_reset(&key);
				ev_buf_adds(&key, canon);
			} else {
				country_key(p, len, &key);
			}
			/* Each country once. */
			int dup = 0;
			for (int i = 0; i < l->n; i++)
				dup |= strcmp(l->key[i], ev_buf_str(&key)) == 0;
			if (!dup) {
				if (l->n == l->cap) {
					l->cap = l->cap ? l->cap * 2 : 4;
					l->name = ev_xrealloc(l->name, (size_t)l->cap * sizeof *l->name);
					l->key = ev_xrealloc(l->key, (size_t)l->cap * sizeof *l->key);
				}
				l->name[l->n] = canon ? ev_xstrdup(canon) : ev_xstrndup(p, len);
				l->key[l->n++] = ev_xstrdup(ev_buf_str(&key));
			}
		}
		p = *end == ' ' ? end + 5 : *end ? end + 1 : end;
	}
	ev_buf_free(&key);
}

/* Appends the names (those mask marks, or all when mask is NULL) as a
 * list: "A, B and C". */
static void join_names(const struct country_list *l, const int *mask, struct ev_buf *b)
{
	int k = 0, total = 0;
	for (int i = 0; i < l->n; i++)
		total += !mask || mask[i];
	for (int i = 0; i < l->n; i++) {
		if (mask && !mask[i])
			continue;
		if (k)
			ev_buf_adds(b, k + 1 == total ? " and " : ", ");
		ev_buf_adds(b, l->name[i]);
		k++;
	}
}

enum ev_check ev_audit_country(const char *stated, const char *record, struct ev_buf *detail)
{
	struct country_list a, r;
	ev_buf_reset(detail);
	if (!record || !*record) {
		ev_buf_adds(detail, "the record gives no country");
		return EV_CHECK_UNCHECKED;
	}
	country_list(stated, &a);
	country_list(record, &r);
	int *extra = ev_xcalloc((size_t)r.n + 1, sizeof *extra), nmissing = 0, nextra = 0;
	for (int i = 0; i < a.n; i++) {
		int found = 0;
		for (int j = 0; j < r.n; j++)
			found |= strcmp(a.key[i], r.key[j]) == 0;
		nmissing += !found;
	}
	for (int j = 0; j < r.n; j++) {
		int found = 0;
		for (int i = 0; i < a.n; i++)
			found |= strcmp(a.key[i], r.key[j]) == 0;
		extra[j] = !found;
		nextra += !found;
	}
	enum ev_check rc = EV_CHECK_MATCH;
	if (nmissing || !a.n) {
		join_names(&a, NULL, detail);
		ev_buf_adds(detail, " vs ");
		join_names(&r, NULL, detail);
		rc = EV_CHECK_MISMATCH;
	} else if (nextra) {
		ev_buf_adds(detail, "the record also lists ");
		join_names(&r, extra, detail);
	}
	free(extra);
	country_list_free(&a);
	country_list_free(&r);
	return rc;
}

/* ---- populations (read by population.c) ---------------------------------- */

static void add_part(struct ev_buf *b, const char *s)
{
	if (b->len)
		ev_buf_adds(b, "; ");
	ev_buf_adds(b, s);
}

enum ev_check ev_audit_population(const char *stated, const char *record, struct ev_buf *detail, int *partial,
				  struct ev_buf *agreed)
{
	struct ev_population a, r;
	struct ev_buf conflicts = EV_BUF_INIT, unchecked = EV_BUF_INIT, ok = EV_BUF_INIT;
	char x[64]; /* ev_age_words: two numbers */
	int confirmed = 0, nconflicts = 0;
	ev_buf_reset(detail);
	if (partial)
		*partial = 0;
	if (agreed)
		ev_buf_reset(agreed);
	if (!record || !*record) {
		ev_buf_adds(detail, "the record gives no population");
		return EV_CHECK_UNCHECKED;
	}
	ev_population_parse(stated, &a);
	ev_population_parse(record, &r);

	/* Sex. */
	if (a.sex && r.sex) {
		if (a.sex == r.sex) {
			confirmed++;
		} else {
			struct ev_buf m = EV_BUF_INIT;
			ev_buf_addf(&m, "sex: %s vs %s", ev_sex_words(a.sex), ev_sex_words(r.sex));
			add_part(&conflicts, ev_buf_str(&m));
			ev_buf_free(&m);
			nconflicts++;
		}
	} else if (a.sex) {
		struct ev_buf m = EV_BUF_INIT;
		ev_buf_addf(&m, "sex (%s) not in the record", ev_sex_words(a.sex));
		add_part(&unchecked, ev_buf_str(&m));
		ev_buf_free(&m);
	}
	/* Menopausal status. */
	int meno_ok = 0;
	if (a.meno && r.meno) {
		if (a.meno == r.meno) {
			confirmed++;
			meno_ok = 1;
		} else {
			struct ev_buf m = EV_BUF_INIT;
			ev_buf_addf(&m, "menopausal status: %s vs %s", ev_meno_words(a.meno), ev_meno_words(r.meno));
			add_part(&conflicts, ev_buf_str(&m));
			ev_buf_free(&m);
			nconflicts++;
		}
	} else if (a.meno) {
		struct ev_buf m = EV_BUF_INIT;
		ev_buf_addf(&m, "menopausal status (%s) not in the record", ev_meno_words(a.meno));
		add_part(&unchecked, ev_buf_str(&m));
		ev_buf_free(&m);
	}
	/* Age: ranges that contain one another (2 years' slack) agree; a
	 * loose range ("older", "adults") only has to overlap. */
	int age_ok = 0;
	if (a.has_age && r.has_age) {
		int match;
		if (a.age_vague || r.age_vague)
			match = a.age_lo <= r.age_hi && r.age_lo <= a.age_hi;
		else
			match = (a.age_lo <= r.age_lo + 2 && a.age_hi >= r.age_hi - 2) ||
				(r.age_lo <= a.age_lo + 2 && r.age_hi >= a.age_hi - 2);
		if (match) {
			confirmed++;
			age_ok = 1;
		} else {
			struct ev_buf m = EV_BUF_INIT;
			char y[64];
			ev_buf_addf(&m, "age: %s vs %s", ev_age_words(&a, x, sizeof x), ev_age_words(&r, y, sizeof y));
			add_part(&conflicts, ev_buf_str(&m));
			ev_buf_free(&m);
			nconflicts++;
		}
	} else if (a.has_age && !a.age_vague) {
		/* "adults" or "older" alone is too loose to be worth a note. */
		struct ev_buf m = EV_BUF_INIT;
		ev_buf_addf(&m, "age (%s) not in the record", ev_age_words(&a, x, sizeof x));
		add_part(&unchecked, ev_buf_str(&m));
		ev_buf_free(&m);
	}
	/* Health and disease. */
	unsigned a_only = ev_conditions_unmatched(a.conditions, r.conditions);
	unsigned r_only = ev_conditions_unmatched(r.conditions, a.conditions);
	unsigned a_vs_excl = a.conditions & ~ev_conditions_unmatched(a.conditions, r.excluded);
	int cond_ok = 0;
	if (a.healthy && r.conditions) {
		struct ev_buf m = EV_BUF_INIT;
		ev_buf_adds(&m, "health: healthy vs ");
		ev_conditions_words(r.conditions, &m);
		add_part(&conflicts, ev_buf_str(&m));
		ev_buf_free(&m);
		nconflicts++;
	} else if (r.healthy && a.conditions) {
		struct ev_buf m = EV_BUF_INIT;
		ev_buf_adds(&m, "health: ");
		ev_conditions_words(a.conditions, &m);
		ev_buf_adds(&m, " vs healthy");
		add_part(&conflicts, ev_buf_str(&m));
		ev_buf_free(&m);
		nconflicts++;
	} else {
		if (a_vs_excl) {
			struct ev_buf m = EV_BUF_INIT;
			ev_buf_adds(&m, "condition: ");
			ev_conditions_words(a_vs_excl, &m);
			ev_buf_adds(&m, " vs excluded by the record");
			add_part(&conflicts, ev_buf_str(&m));
			ev_buf_free(&m);
			nconflicts++;
		}
		if (a_only && !a_vs_excl) {
			struct ev_buf m = EV_BUF_INIT;
			ev_buf_adds(&m, "condition: ");
			ev_conditions_words(a_only, &m);
			ev_buf_adds(&m, " vs none named");
			add_part(&conflicts, ev_buf_str(&m));
			ev_buf_free(&m);
			nconflicts++;
		}
		if (r_only) {
			struct ev_buf m = EV_BUF_INIT;
			ev_buf_adds(&m, "condition: none stated vs ");
			ev_conditions_words(r_only, &m);
			add_part(&conflicts, ev_buf_str(&m));
			ev_buf_free(&m);
			nconflicts++;
		}
		if ((a.conditions && r.conditions && !a_only && !r_only && !a_vs_excl) || (a.healthy && r.healthy)) {
			confirmed++;
			cond_ok = 1;
		} else if (a.healthy) {
			add_part(&unchecked, "health (healthy) not in the record");
		}
	}

	/* What agreed, in words: "healthy postmenopausal women aged 65-74
	 * with coronary artery disease". */
	if (cond_ok && a.healthy)
		ev_buf_adds(&ok, "healthy");
	if (meno_ok)
		ev_buf_addf(&ok, "%s%s", ok.len ? " " : "", ev_meno_words(a.meno));
	if (a.sex && a.sex == r.sex)
		ev_buf_addf(&ok, "%s%s", ok.len ? " " : "", ev_sex_words(a.sex));
	if (age_ok)
		ev_buf_addf(&ok, "%saged %s", ok.len ? " " : "", ev_age_words(&a, x, sizeof x));
	if (cond_ok && a.conditions) {
		ev_buf_addf(&ok, "%swith ", ok.len ? " " : "");
		ev_conditions_words(a.conditions, &ok);
	}
	if (agreed)
		ev_buf_adds(agreed, ev_buf_str(&ok));

	enum ev_check rc;
	if (nconflicts) {
		rc = EV_CHECK_MISMATCH;
		if (partial)
			*partial = confirmed > 0;
		ev_buf_addf(detail, "%s%s%s", ev_buf_str(&conflicts), unchecked.len ? "; " : "", ev_buf_str(&unchecked));
	} else if (confirmed) {
		rc = EV_CHECK_MATCH;
		ev_buf_adds(detail, ev_buf_str(&unchecked));
	} else {
		/* Nothing the words could compare: the same text still
		 * matches. */
		char *fa = ev_fold(stated ? stated : "", stated ? strlen(stated) : 0, NULL, NULL);
		char *fr = ev_fold(record, strlen(record), NULL, NULL);
		rc = strcmp(fa, fr) == 0 ? EV_CHECK_MATCH : EV_CHECK_UNCHECKED;
		if (rc == EV_CHECK_UNCHECKED)
			ev_buf_adds(detail, unchecked.len ? ev_buf_str(&unchecked)
							  : "no sex, menopausal status, age or condition to compare");
		free(fa);
		free(fr);
	}
	ev_buf_free(&conflicts);
	ev_buf_free(&unchecked);
	ev_buf_free(&ok);
	return rc;
}

/* ---- results and verdicts ------------------------------------------------- */

static const char *const result_words[EV_RESULT_COUNT][24] = {
	{"supports", "support", "supported", "supporting", "confirms", "confirmed", "positive", "benefit",
	 "beneficial", "effective", "effect", "shows", "showed", "found", "favorable", "favourable", "for", "pro",
	 "yes", "improves", "improved", NULL},
	{"contradicts", "contradict", "contradicted", "contradicting", "refutes", "refuted", "against", "negative",
	 "harm", "harmful", "opposite", "worse", "con", NULL},
	{"no effect", "noeffect", "null", "none", "no difference", "no benefit", "no change", "no association",
	 "not significant", "non significant", "nonsignificant", "ns", "neutral", "ineffective", "no significant effect",
	 "no significant difference", "no improvement", NULL},
	{"mixed", "inconclusive", "unclear", "uncertain", "partial", "partly", "conflicting", "equivocal", "inconsistent",
	 NULL},
};

int ev_result_parse(const char *s)
{
	if (!s)
		return -1;
	char *f = ev_fold(s, strlen(s), NULL, NULL);
	/* "no-effect", "no_effect", "No Effect" are one spelling. */
	for (char *p = f; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	char *g = ev_fold(f, strlen(f), NULL, NULL);
	free(f);
	int found = -1;
	for (int r = 0; r < EV_RESULT_COUNT && found < 0; r++)
		for (int k = 0; result_words[r][k]; k++)
			if (strcmp(g, result_words[r][k]) == 0)
				found = r;
	free(g);
	return found;
}

int ev_claim_is_negative(const char *text)
{
	static const char *const neg[] = {"not", "no", "never", "none", "neither", "nor", "cannot", NULL};
	struct ev_words t;
	if (!text)
		return 0;
	ev_words_split(text, &t);
	int found = 0;
	for (int i = 0; i < t.n && !found; i++)
		found = ev_word_in(t.w[i], neg) || (strcmp(t.w[i], "t") == 0 && i > 0 && strlen(t.w[i - 1]) > 1 &&
						  t.w[i - 1][strlen(t.w[i - 1]) - 1] == 'n');
	ev_words_free(&t);
	return found;
}

enum ev_direction ev_result_stance(enum ev_result r, const char *claim_text)
{
	switch (r) {
	case EV_RESULT_SUPPORTS:
		return EV_SUPPORTS;
	case EV_RESULT_CONTRADICTS:
		return EV_CONTRADICTS;
	case EV_RESULT_NO_EFFECT:
		return ev_claim_is_negative(claim_text) ? EV_SUPPORTS : EV_CONTRADICTS;
	default:
		return EV_INCONCLUSIVE;
	}
}

static const char *stance_words(enum ev_direction d)
{
	return d == EV_SUPPORTS ? "backing the claim" : d == EV_CONTRADICTS ? "going against the claim" : "mixed";
}

/* ---- study names ---------------------------------------------------------- */

static const char *const generic_words[] = {
	"study", "studies", "trial", "trials", "the", "a", "an", "of", "cohort", "randomized", "randomised",
	"controlled", "clinical", "rct", "group", "investigators", "et", "al", "and", "in", "on", "for", "project",
	"data", "analysis", "program", "programme", "research", "survey", "report", "paper", "experiment", NULL,
};

/* Whether consecutive words of t, joined, spell `want` exactly. */
static int spells(const struct ev_words *t, const char *want)
{
	size_t wl = strlen(want);
	for (int i = 0; i < t->n; i++) {
		size_t got = 0;
		for (int j = i; j < t->n; j++) {
			size_t l = strlen(t->w[j]);
			if (got + l > wl || strncmp(want + got, t->w[j], l) != 0)
				break;
			got += l;
			if (got == wl)
				return 1;
		}
	}
	return 0;
}

int ev_audit_name_strength(const char *name, const struct ev_audit_study *s)
{
	struct ev_words nt, t;
	struct ev_buf want = EV_BUF_INIT; /* the name's words run together */
	int year = 0, strength = 0;
	ev_words_split(name, &nt);
	for (int i = 0; i < nt.n; i++) {
		if (ev_word_in(nt.w[i], generic_words))
			continue;
		size_t l = strlen(nt.w[i]);
		if (l == 4 && nt.w[i][0] >= '1' && nt.w[i][0] <= '2' && strspn(nt.w[i], "0123456789") == 4)
			year = (int)strtol(nt.w[i], NULL, 10); /* four digits, checked above */
		ev_buf_add(&want, nt.w[i], l);
	}
	/* Too short to name anything reliably ("US", "K2"). */
	if (want.len < 3)
		goto done;
	const char *fields[] = {s->key, s->title, s->notes};
	for (int f = 0; f < 3 && !strength; f++) {
		if (!fields[f])
			continue;
		ev_words_split(fields[f], &t);
		if (spells(&t, ev_buf_str(&want)))
			strength = 3 - f;
		ev_words_free(&t);
	}
	/* "Knapen 2015", "Shea et al. (2009)": first author and year. */
	if (strength < 3 && year && s->year == year && s->authors) {
		ev_words_split(s->authors, &t);
		for (int i = 0; t.n && i < nt.n; i++)
			if (strcmp(nt.w[i], t.w[0]) == 0)
				strength = 3;
		ev_words_free(&t);
	}
done:
	ev_words_free(&nt);
	ev_buf_free(&want);
	return strength;
}

/* ---- one claim ------------------------------------------------------------ */

static void add_item(struct ev_audit_result *r, const char *field, enum ev_check st, const char *article,
		     const char *record, const char *detail)
{
	if (r->nitems >= EV_AUDIT_MAX_ITEMS)
		return;
	struct ev_audit_item *it = &r->items[r->nitems++];
	it->field = field;
	it->status = st;
	it->article = ev_xstrdup(article ? article : "");
	it->record = ev_xstrdup(record ? record : "");
	it->detail = ev_xstrdup(detail ? detail : "");
	if (st == EV_CHECK_MISMATCH || st == EV_CHECK_NOT_FOUND)
		r->problems++;
}

static int stated(const char *s) { return s && *s; }

/* How the stated details compare with one study: fills st[4] (n,
 * population, country, duration; -1 when not stated), the score and the
 * number of full matches, and (when summary is not NULL) the details
 * that match, in words. */
struct fit {
	int st[4];
	int partial;
	double score;
	int matched;
	struct ev_buf detail[4]; /* each as long as the texts it quotes */
	struct ev_buf agreed;
};

static void fit_free(struct fit *f)
{
	for (int i = 0; i < 4; i++)
		ev_buf_free(&f->detail[i]);
	ev_buf_free(&f->agreed);
}

/* Fills f (free with fit_free). */
static void fit_study(const struct ev_audit_claim *c, const struct ev_audit_study *s, struct fit *f)
{
	memset(f, 0, sizeof *f);
	for (int i = 0; i < 4; i++)
		f->st[i] = -1;
	if (c->n > 0)
		f->st[0] = (int)ev_audit_n(c->n, s->n, &f->detail[0]);
	if (stated(c->population))
		f->st[1] = (int)ev_audit_population(c->population, s->population, &f->detail[1], &f->partial,
						    &f->agreed);
	if (stated(c->country))
		f->st[2] = (int)ev_audit_country(c->country, s->country, &f->detail[2]);
	if (stated(c->duration))
		f->st[3] = (int)ev_audit_duration(c->duration, s->duration, &f->detail[3]);
	for (int i = 0; i < 4; i++) {
		if (f->st[i] == EV_CHECK_MATCH) {
			f->score += 1;
			f->matched++;
		}
	}
	if (f->st[1] == EV_CHECK_MISMATCH && f->partial)
		f->score += 0.5;
}

/* "n 244, postmenopausal women, 36 months": the details of s that match.
 * Returns a newly allocated string. */
static char *fit_summary(const struct ev_audit_study *s, const struct fit *f)
{
	struct ev_buf b = EV_BUF_INIT;
	double lo, hi;
	if (f->st[0] == EV_CHECK_MATCH) {
		char num[32];
		ev_buf_addf(&b, "n %s", ev_fmt_count(num, sizeof num, s->n));
	}
	if (f->st[1] == EV_CHECK_MATCH)
		ev_buf_addf(&b, "%s%s", b.len ? ", " : "", f->agreed.len ? ev_buf_str(&f->agreed) : s->population);
	if (f->st[2] == EV_CHECK_MATCH)
		ev_buf_addf(&b, "%s%s", b.len ? ", " : "", s->country);
	if (f->st[3] == EV_CHECK_MATCH && ev_parse_months(s->duration, &lo, &hi) == 0) {
		char m[64];
		ev_buf_addf(&b, "%s%s", b.len ? ", " : "", fmt_months(m, sizeof m, lo, hi));
	}
	if (f->st[1] == EV_CHECK_MISMATCH && f->partial)
		ev_buf_addf(&b, "%spartly %s (%s)", b.len ? ", " : "", ev_buf_str(&f->agreed), s->population);
	return ev_buf_take(&b);
}

static int is_linked(const struct ev_audit_claim *c, const char *key)
{
	for (int i = 0; i < c->nlinks; i++)
		if (c->links[i].study && key && strcmp(c->links[i].study, key) == 0)
			return 1;
	return 0;
}

struct named {
	int idx, strength, linked;
	enum ev_status status;
	const char *key;
};

static int cmp_named(const void *pa, const void *pb)
{
	const struct named *a = pa, *b = pb;
	if (a->status != b->status)
		return (int)a->status - (int)b->status; /* verified, unverified, retracted */
	if (a->linked != b->linked)
		return b->linked - a->linked;
	if (a->strength != b->strength)
		return b->strength - a->strength;
	return strcmp(a->key, b->key);
}

struct cand {
	int idx;
	struct fit fit;
	enum ev_status status;
	const char *key;
};

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->fit.score != b->fit.score)
		return a->fit.score < b->fit.score ? 1 : -1;
	if (a->fit.matched != b->fit.matched)
		return b->fit.matched - a->fit.matched;
	if (a->status != b->status)
		return (int)a->status - (int)b->status;
	return strcmp(a->key, b->key);
}

static const char *strength_words(int strength)
{
	return strength >= 3 ? "named in its key" : strength == 2 ? "named in its title" : "named in its notes";
}

/* The stated result against the compared study's own links to the claim
 * (every record the name matched counts: a trial's protocol and its
 * results are one trial). */
static void check_result(const struct ev_audit_claim *c, const struct ev_audit_study *s, struct ev_audit_result *r,
			 enum ev_direction stance)
{
	struct ev_buf rec = EV_BUF_INIT;
	int any = 0, agree = 0;
	for (int i = 0; i < c->nlinks; i++) {
		const struct ev_link *l = &c->links[i];
		int ours = 0;
		for (int k = 0; k < r->nnamed; k++)
			ours |= strcmp(l->study, s[r->named[k]].key) == 0;
		if (r->nnamed == 0 && r->study >= 0)
			ours = strcmp(l->study, s[r->study].key) == 0;
		if (!ours)
			continue;
		any = 1;
		agree |= l->direction == stance;
		ev_buf_addf(&rec, "%s%s %s", rec.len ? "; " : "", l->study, ev_direction_names[l->direction]);
		if (l->status != EV_VERIFIED)
			ev_buf_addf(&rec, " (%s)", ev_status_names[l->status]);
	}
	/* A key (at most 100 bytes) or the fixed words: 256 bytes hold it. */
	char detail[256];
	enum ev_check st;
	if (!any) {
		st = EV_CHECK_UNCHECKED;
		snprintf(detail, sizeof detail, "%s is not linked to this claim", s[r->study].key);
	} else if (agree) {
		st = EV_CHECK_MATCH;
		detail[0] = '\0';
	} else {
		st = EV_CHECK_MISMATCH;
		snprintf(detail, sizeof detail, "the article has the study %s; its record has it %s", stance_words(stance),
			 rec.len && strstr(rec.data, "contradicts") ? "going against the claim"
			 : strstr(ev_buf_str(&rec), "supports")	    ? "backing the claim"
								    : "inconclusive");
	}
	add_item(r, "result", st, c->result, ev_buf_str(&rec), detail);
	ev_buf_free(&rec);
}

static void check_verdict(const struct ev_audit_claim *c, struct ev_audit_result *r, int result)
{
	char rec[96]; /* a verdict and a certainty word */
	struct ev_buf detail = EV_BUF_INIT; /* quotes the stated result, as long as it is */
	if (c->certainty)
		snprintf(rec, sizeof rec, "%s, %s certainty", ev_verdict_names[c->verdict], ev_certainty_name(c->certainty));
	else
		snprintf(rec, sizeof rec, "%s", ev_verdict_names[c->verdict]);
	if (result < 0) {
		ev_buf_addf(&detail, "'%s' is not a result word (supports, contradicts, no-effect, mixed)", c->result);
		add_item(r, "verdict", EV_CHECK_UNCHECKED, c->result, rec, ev_buf_str(&detail));
		ev_buf_free(&detail);
		return;
	}
	enum ev_direction stance = ev_result_stance((enum ev_result)result, c->text);
	int agree = (stance == EV_SUPPORTS && c->verdict == EV_SUPPORTED) ||
		    (stance == EV_CONTRADICTS && c->verdict == EV_CONTRADICTED) ||
		    (stance == EV_INCONCLUSIVE && c->verdict == EV_MIXED);
	const char *how = result == EV_RESULT_NO_EFFECT
				  ? (stance == EV_SUPPORTS ? "reports no effect, which backs the claim (it denies an effect)"
							   : "reports no effect, which goes against the claim")
			  : stance == EV_SUPPORTS    ? "presents the evidence as backing the claim"
			  : stance == EV_CONTRADICTS ? "presents the evidence as going against the claim"
						     : "presents the evidence as mixed";
	const char *graded = c->verdict == EV_SUPPORTED	      ? "the graded evidence supports it"
			     : c->verdict == EV_CONTRADICTED ? "the graded evidence contradicts it"
			     : c->verdict == EV_MIXED	      ? "the graded evidence is mixed"
							      : "there is too little evidence to grade it";
	if (agree && result == EV_RESULT_NO_EFFECT)
		ev_buf_addf(&detail, "the article %s", how);
	else if (!agree)
		ev_buf_addf(&detail, "the article %s; %s", how, graded);
	add_item(r, "verdict", agree ? EV_CHECK_MATCH : EV_CHECK_MISMATCH, c->result, rec, ev_buf_str(&detail));
	ev_buf_free(&detail);
}

void ev_audit_claim(const struct ev_audit_claim *c, const struct ev_audit_study *s, int ns,
		    struct ev_audit_result *r)
{
	memset(r, 0, sizeof *r);
	r->study = -1;
	r->ndetails = (c->n > 0) + stated(c->population) + stated(c->country) + stated(c->duration);
	r->audited = r->ndetails || stated(c->study) || stated(c->result);
	if (!r->audited)
		return;

	/* Which study is meant. */
	if (stated(c->study)) {
		struct named *nm = ev_xcalloc((size_t)ns + 1, sizeof *nm);
		int k = 0, top = 0;
		for (int i = 0; i < ns; i++) {
			int st = ev_audit_name_strength(c->study, &s[i]);
			if (!st)
				continue;
			nm[k].idx = i;
			nm[k].strength = st;
			nm[k].linked = is_linked(c, s[i].key);
			nm[k].status = s[i].status;
			nm[k].key = s[i].key;
			if (st > top)
				top = st;
			k++;
		}
		/* Only the strongest way of naming counts: a trial's name
		 * in another study's notes does not make that study it. */
		int m = 0;
		for (int i = 0; i < k; i++)
			if (nm[i].strength == top)
				nm[m++] = nm[i];
		qsort(nm, (size_t)m, sizeof *nm, cmp_named);
		r->named = ev_xcalloc((size_t)m + 1, sizeof *r->named);
		for (int i = 0; i < m; i++)
			r->named[i] = nm[i].idx;
		r->nnamed = m;
		free(nm);
		if (m) {
			const struct ev_audit_study *p = &s[r->named[0]];
			r->study = r->named[0];
			r->how = EV_RESOLVED_NAME;
			struct ev_buf d = EV_BUF_INIT;
			ev_buf_adds(&d, strength_words(top));
			if (p->status != EV_VERIFIED)
				ev_buf_addf(&d, "; %s record", ev_status_names[p->status]);
			for (int i = 1; i < m; i++) {
				ev_buf_addf(&d, "%s%s", i == 1 ? "; also named: " : ", ", s[r->named[i]].key);
				if (s[r->named[i]].status != EV_VERIFIED)
					ev_buf_addf(&d, " (%s)", ev_status_names[s[r->named[i]].status]);
			}
			add_item(r, "study", EV_CHECK_MATCH, c->study, p->key, ev_buf_str(&d));
			ev_buf_free(&d);
		} else {
			char *detail = ev_xasprintf("no study in the database is named '%s'", c->study);
			add_item(r, "study", EV_CHECK_NOT_FOUND, c->study, "", detail);
			free(detail);
		}
	} else if (r->ndetails) {
		/* No name: the linked study the details fit best. */
		double best = -1;
		for (int i = 0; i < ns; i++) {
			if (!is_linked(c, s[i].key))
				continue;
			struct fit f;
			fit_study(c, &s[i], &f);
			if (f.score > best || (f.score == best && r->study >= 0 && s[i].status < s[r->study].status)) {
				best = f.score;
				r->study = i;
			}
			fit_free(&f);
		}
		if (r->study >= 0) {
			r->how = EV_RESOLVED_LINK;
			add_item(r, "study", EV_CHECK_UNCHECKED, "", s[r->study].key,
				 "no study named; compared with the linked study the details fit best");
		} else {
			add_item(r, "study", EV_CHECK_UNCHECKED, "", "",
				 "no study named and none linked: nothing to compare the details with");
		}
	}

	/* Each detail against the study compared. */
	struct fit own;
	memset(&own, 0, sizeof own);
	if (r->study >= 0) {
		const struct ev_audit_study *p = &s[r->study];
		fit_study(c, p, &own);
		r->score = own.score;
		double lo, hi;
		if (c->n > 0) {
			char a[32], b[32] = "";
			snprintf(a, sizeof a, "%lld", (long long)c->n);
			if (p->n > 0)
				snprintf(b, sizeof b, "%lld", (long long)p->n);
			add_item(r, "n", (enum ev_check)own.st[0], a, b, ev_buf_str(&own.detail[0]));
		}
		if (stated(c->population))
			add_item(r, "population", (enum ev_check)own.st[1], c->population, p->population,
				 ev_buf_str(&own.detail[1]));
		if (stated(c->country))
			add_item(r, "country", (enum ev_check)own.st[2], c->country, p->country,
				 ev_buf_str(&own.detail[2]));
		if (stated(c->duration)) {
			/* A range in months, or the stated text as it is when it
			 * is none (as long as it is). */
			char a[64], b[64] = "";
			const char *shown = a;
			if (ev_parse_months(c->duration, &lo, &hi) == 0)
				fmt_months(a, sizeof a, lo, hi);
			else
				shown = c->duration;
			if (p->duration && ev_parse_months(p->duration, &lo, &hi) == 0)
				fmt_months(b, sizeof b, lo, hi);
			add_item(r, "duration", (enum ev_check)own.st[3], shown, b, ev_buf_str(&own.detail[3]));
		}
	}

	/* The stated result: against the study's own links, then against
	 * the verdict on the claim. */
	if (stated(c->result)) {
		int res = ev_result_parse(c->result);
		if (res >= 0 && r->study >= 0)
			check_result(c, s, r, ev_result_stance((enum ev_result)res, c->text));
		check_verdict(c, r, res);
	}

	/* Other studies the details fit better: a likely conflation. */
	if (r->ndetails >= 2) {
		struct cand *cs = ev_xcalloc((size_t)ns + 1, sizeof *cs);
		int k = 0;
		for (int i = 0; i < ns; i++) {
			int mine = i == r->study;
			for (int j = 0; j < r->nnamed; j++)
				mine |= r->named[j] == i;
			if (mine)
				continue;
			fit_study(c, &s[i], &cs[k].fit);
			if (cs[k].fit.matched < 2 || cs[k].fit.score <= (r->study >= 0 ? own.score : 0)) {
				fit_free(&cs[k].fit);
				continue;
			}
			cs[k].idx = i;
			cs[k].status = s[i].status;
			cs[k].key = s[i].key;
			k++;
		}
		qsort(cs, (size_t)k, sizeof *cs, cmp_cand);
		int found = k;
		if (k > 5)
			k = 5;
		r->cands = ev_xcalloc((size_t)k + 1, sizeof *r->cands);
		for (int i = 0; i < k; i++) {
			r->cands[i].study = cs[i].idx;
			r->cands[i].score = cs[i].fit.score;
			r->cands[i].matched = cs[i].fit.matched;
			r->cands[i].summary = fit_summary(&s[cs[i].idx], &cs[i].fit);
		}
		r->ncands = k;
		r->more_cands = found - k;
		if (k)
			r->problems++;
		for (int i = 0; i < found; i++)
			fit_free(&cs[i].fit);
		free(cs);
	}
	fit_free(&own);
}

void ev_audit_result_free(struct ev_audit_result *r)
{
	for (int i = 0; i < r->nitems; i++) {
		free(r->items[i].article);
		free(r->items[i].record);
		free(r->items[i].detail);
	}
	for (int i = 0; i < r->ncands; i++)
		free(r->cands[i].summary);
	free(r->cands);
	free(r->named);
	memset(r, 0, sizeof *r);
}
