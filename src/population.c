/*
 * population.c: what a free-text study population says (docs/audit.md):
 * sex, menopausal status, age, health and the conditions named as present
 * or excluded, read from folded words; and those facets in words again,
 * for audit's comparisons (audit.c).
 */
#include "population.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "articletext.h"
#include "util.h"

/* Conditions: a name, the condition it is a kind of (-1: none), and the
 * phrases that name it (folded words, longest tried first). */
struct condition {
	const char *name;
	int parent;
	const char *phrases[14];
};
static const struct condition conditions[] = {
	/* 0 */ {"cardiovascular disease", -1, {"cardiovascular disease", "cardiovascular diseases", "cvd", "heart disease",
						"heart diseases", NULL}},
	/* 1 */ {"coronary artery disease", 0, {"coronary artery disease", "coronary heart disease", "coronary disease",
						 "cad", "chd", "ischemic heart disease", "ischaemic heart disease", "ihd", NULL}},
	/* 2 */ {"myocardial infarction", 1, {"myocardial infarction", "heart attack", "heart attacks", "mi", NULL}},
	/* 3 */ {"heart failure", 0, {"heart failure", "chf", NULL}},
	/* 4 */ {"stroke", 0, {"stroke", "strokes", "cerebrovascular disease", NULL}},
	/* 5 */ {"aortic valve calcification", 0, {"aortic valve calcification", "aortic stenosis", "aortic valve stenosis",
						    "calcific aortic valve disease", NULL}},
	/* 6 */ {"atrial fibrillation", 0, {"atrial fibrillation", NULL}},
	/* 7 */ {"peripheral artery disease", 0, {"peripheral artery disease", "peripheral arterial disease", NULL}},
	/* 8 */ {"vascular calcification", -1, {"vascular calcification", "arterial calcification",
						"coronary artery calcification", "coronary calcification", "calcification",
						NULL}},
	/* 9 */ {"hypertension", -1, {"hypertension", "hypertensive", "high blood pressure", NULL}},
	/* 10 */ {"diabetes", -1, {"diabetes", "diabetic", "diabetics", "diabetes mellitus", NULL}},
	/* 11 */ {"type 2 diabetes", 10, {"type 2 diabetes", "type 2 diabetic", "type ii diabetes", "t2d", "t2dm",
					   "type 2 diabetes mellitus", NULL}},
	/* 12 */ {"type 1 diabetes", 10, {"type 1 diabetes", "type i diabetes", "t1d", "t1dm", NULL}},
	/* 13 */ {"chronic kidney disease", -1, {"chronic kidney disease", "ckd", "kidney disease", "renal disease",
						 "kidney failure", "renal failure", "end stage renal disease", "esrd",
						 "dialysis", "hemodialysis", "haemodialysis", NULL}},
	/* 14 */ {"osteoporosis", -1, {"osteoporosis", "osteoporotic", "osteopenia", NULL}},
	/* 15 */ {"anticoagulant treatment", -1, {"acenocoumarol", "warfarin", "anticoagulant", "anticoagulants",
						  "anticoagulated", "anticoagulation", "vitamin k antagonist",
						  "vitamin k antagonists", "vka", "coumarin", "phenprocoumon", NULL}},
	/* 16 */ {"obesity", -1, {"obesity", "obese", "overweight", NULL}},
	/* 17 */ {"cancer", -1, {"cancer", "cancers", "tumour", "tumor", "tumours", "tumors", "carcinoma", NULL}},
	/* 18 */ {"pregnancy", -1, {"pregnant", "pregnancy", NULL}},
	/* 19 */ {"metabolic syndrome", -1, {"metabolic syndrome", NULL}},
	/* 20 */ {"prediabetes", -1, {"prediabetes", "prediabetic", "impaired glucose tolerance", NULL}},
	/* 21 */ {"arthritis", -1, {"arthritis", "arthritic", NULL}},
	/* 22 */ {"osteoarthritis", 21, {"osteoarthritis", "knee osteoarthritis", "hip osteoarthritis", "oa", NULL}},
	/* 23 */ {"rheumatoid arthritis", 21, {"rheumatoid arthritis", "ra", NULL}},
};
#define NCONDITIONS ((int)(sizeof conditions / sizeof conditions[0]))

const char *ev_condition_name(int bit) { return bit >= 0 && bit < NCONDITIONS ? conditions[bit].name : NULL; }

static int cond_ancestor(int a, int b)
{
	for (int p = conditions[b].parent; p >= 0; p = conditions[p].parent)
		if (p == a)
			return 1;
	return 0;
}

static int cond_related(int a, int b) { return a == b || cond_ancestor(a, b) || cond_ancestor(b, a); }

/* Words of a phrase matched at tokens t[i..]: returns the count, or 0. */
static int phrase_at(const struct ev_words *t, int i, const char *phrase)
{
	int k = 0;
	const char *p = phrase;
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (i + k >= t->n || strlen(t->w[i + k]) != len || strncmp(t->w[i + k], p, len) != 0)
			return 0;
		k++;
		p += len + (e != NULL);
	}
	return k;
}

static const char *const negators[] = {"without", "no", "non", "free", "excluding", "excluded", "except", "never",
				       "not", NULL};
static const char *const women_words[] = {"women", "woman", "female", "females", "girls", "girl", "mothers",
					  "postmenopausal", "premenopausal", "perimenopausal", "pregnant", "wives",
					  "ladies", NULL};
static const char *const men_words[] = {"men", "man", "male", "males", "boys", "boy", "fathers", "husbands", NULL};

/* Age context: words that make the next number an age. */
static const char *const age_before[] = {"aged", "age", "ages", "over", "above", "under", "below", "between",
					  "than", "least", NULL};

/* The lowercased ASCII word ending before s[pos] (spaces skipped) into w;
 * returns where it starts. */
static size_t prev_word(const char *s, size_t pos, char *w, size_t size)
{
	size_t e = pos;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	size_t b = e;
	while (b > 0 && ((s[b - 1] >= 'a' && s[b - 1] <= 'z') || (s[b - 1] >= 'A' && s[b - 1] <= 'Z')))
		b--;
	size_t k = 0;
	for (size_t j = b; j < e && k + 1 < size; j++)
		w[k++] = (char)(s[j] | 0x20);
	w[k] = '\0';
	return b;
}

/* The sign right before s[pos], spaces skipped: 1 for > or >=, -1 for <
 * or <=, 0 for none. */
static int sign_before(const char *s, size_t pos)
{
	const unsigned char *p = (const unsigned char *)s;
	while (pos > 0 && s[pos - 1] == ' ')
		pos--;
	if (pos > 0 && s[pos - 1] == '>')
		return 1;
	if (pos > 0 && s[pos - 1] == '<')
		return -1;
	if (pos >= 3 && p[pos - 3] == 0xE2 && p[pos - 2] == 0x89)
		return p[pos - 1] == 0xA5 ? 1 : p[pos - 1] == 0xA4 ? -1 : 0;
	return 0;
}

static void parse_age(const char *s, struct ev_population *p)
{
	struct ev_figure f[8];
	size_t n = strlen(s);
	int k = ev_figures(s, n, f, 8);
	for (int i = 0; i < k && i < 8 && !p->has_age; i++) {
		if (f[i].unit != EV_UNIT_NONE && f[i].unit != EV_UNIT_YEARS)
			continue;
		/* The words before a figure are compared with short words of
		 * ours, and what follows is searched for short phrases of ours
		 * right after it: a longer word, or text further on, could not
		 * match, so these sizes lose nothing. */
		char w1[16], w2[16], after[40];
		size_t b1 = prev_word(s, f[i].start, w1, sizeof w1);
		prev_word(s, b1, w2, sizeof w2);
		size_t m = 0;
		for (size_t a = f[i].end; a < n && m + 1 < sizeof after; a++)
			after[m++] = (char)((s[a] >= 'A' && s[a] <= 'Z') ? s[a] + 32 : s[a]);
		after[m] = '\0';
		int sign = sign_before(s, f[i].start);
		int open = f[i].open || sign > 0 || strcmp(w1, "over") == 0 || strcmp(w1, "above") == 0 ||
			   (strcmp(w1, "than") == 0 && strcmp(w2, "older") == 0) ||
			   (strcmp(w1, "least") == 0 && strcmp(w2, "at") == 0) || strstr(after, "and older") ||
			   strstr(after, "or older") || strstr(after, "and over") || strstr(after, "or over") ||
			   strstr(after, "and above") || strstr(after, "or above");
		int under = sign < 0 || strcmp(w1, "under") == 0 || strcmp(w1, "below") == 0 ||
			    (strcmp(w1, "than") == 0 && (strcmp(w2, "younger") == 0 || strcmp(w2, "less") == 0));
		if (!(f[i].unit == EV_UNIT_YEARS || open || under || ev_word_in(w1, age_before)))
			continue;
		p->has_age = 1;
		p->age_lo = f[i].lo;
		p->age_hi = open ? HUGE_VAL : f[i].hi;
		if (under) {
			p->age_lo = 0;
			p->age_hi = f[i].lo;
		}
	}
}

void ev_population_parse(const char *s, struct ev_population *p)
{
	struct ev_words t;
	memset(p, 0, sizeof *p);
	if (!s)
		return;
	ev_words_split(s, &t);
	int women = 0, men = 0;
	unsigned char *used = ev_xcalloc((size_t)t.n + 1, 1);
	for (int i = 0; i < t.n; i++) {
		const char *w = t.w[i];
		women |= ev_word_in(w, women_words);
		men |= ev_word_in(w, men_words);
		if (strcmp(w, "postmenopausal") == 0 ||
		    (strcmp(w, "post") == 0 && i + 1 < t.n && strcmp(t.w[i + 1], "menopausal") == 0))
			p->meno = EV_MENO_POST, women = 1;
		else if (strcmp(w, "premenopausal") == 0 ||
			 (strcmp(w, "pre") == 0 && i + 1 < t.n && strcmp(t.w[i + 1], "menopausal") == 0))
			p->meno = EV_MENO_PRE, women = 1;
		else if (strcmp(w, "perimenopausal") == 0)
			p->meno = EV_MENO_PERI, women = 1;
		if (strcmp(w, "both") == 0 && i + 1 < t.n &&
		    (strcmp(t.w[i + 1], "sexes") == 0 || strcmp(t.w[i + 1], "genders") == 0))
			women = men = 1;
		if (strcmp(w, "healthy") == 0)
			p->healthy = 1;
	}
	p->sex = women && men ? EV_SEX_BOTH : women ? EV_SEX_WOMEN : men ? EV_SEX_MEN : EV_SEX_UNSTATED;

	/* Conditions, longest phrase first at each word. */
	for (int i = 0; i < t.n; i++) {
		int best = -1, bestlen = 0;
		for (int c = 0; c < NCONDITIONS; c++)
			for (int k = 0; conditions[c].phrases[k]; k++) {
				int len = phrase_at(&t, i, conditions[c].phrases[k]);
				if (len > bestlen)
					best = c, bestlen = len;
			}
		if (best < 0 || used[i])
			continue;
		int negated = 0;
		for (int b = i - 1; b >= 0 && b >= i - 3; b--) {
			if (strcmp(t.w[b], "with") == 0)
				break;
			negated |= ev_word_in(t.w[b], negators);
		}
		if (negated)
			p->excluded |= 1u << best;
		else
			p->conditions |= 1u << best;
		for (int k = 0; k < bestlen; k++)
			used[i + k] = 1;
		i += bestlen - 1;
	}
	/* "diabetic patients with type 2 diabetes": keep the specific one. */
	for (int c = 0; c < NCONDITIONS; c++)
		for (int d = 0; d < NCONDITIONS; d++)
			if (c != d && (p->conditions & (1u << c)) && (p->conditions & (1u << d)) && cond_ancestor(c, d))
				p->conditions &= ~(1u << c);

	parse_age(s, p);
	if (!p->has_age) {
		static const struct {
			const char *word;
			double lo, hi;
		} vague[] = {
			{"older", 60, HUGE_VAL},  {"elderly", 60, HUGE_VAL}, {"seniors", 60, HUGE_VAL},
			{"aged", 60, HUGE_VAL},	  {"children", 0, 12},	     {"adolescents", 10, 19},
			{"teenagers", 13, 19},	  {"infants", 0, 2},	     {"newborns", 0, 0.1},
			{"adults", 18, HUGE_VAL}, {"adult", 18, HUGE_VAL},
		};
		for (int i = 0; i < t.n && !p->has_age; i++)
			for (size_t v = 0; v < sizeof vague / sizeof vague[0]; v++)
				if (strcmp(t.w[i], vague[v].word) == 0 &&
				    !(strcmp(vague[v].word, "older") == 0 && i + 1 < t.n && strcmp(t.w[i + 1], "than") == 0)) {
					p->has_age = p->age_vague = 1;
					p->age_lo = vague[v].lo;
					p->age_hi = vague[v].hi;
					break;
				}
	}
	free(used);
	ev_words_free(&t);
}

const char *ev_sex_words(enum ev_sex s)
{
	static const char *const w[] = {"", "women", "men", "men and women"};
	return w[s];
}

const char *ev_meno_words(enum ev_meno m)
{
	static const char *const w[] = {"", "premenopausal", "perimenopausal", "postmenopausal"};
	return w[m];
}

const char *ev_age_words(const struct ev_population *p, char *buf, size_t size)
{
	char a[32], b[32];
	ev_fmt_num(a, sizeof a, p->age_lo, 4);
	ev_fmt_num(b, sizeof b, p->age_hi, 4);
	if (isinf(p->age_hi))
		snprintf(buf, size, "%s+", a);
	else if (p->age_lo == 0)
		snprintf(buf, size, "under %s", b);
	else if (p->age_lo == p->age_hi)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s-%s", a, b);
	return buf;
}

void ev_conditions_words(unsigned bits, struct ev_buf *b)
{
	int k = 0;
	for (int c = 0; c < NCONDITIONS; c++)
		if (bits & (1u << c)) {
			ev_buf_adds(b, k ? ", " : "");
			ev_buf_adds(b, conditions[c].name);
			k++;
		}
}

unsigned ev_conditions_unmatched(unsigned a, unsigned b)
{
	unsigned out = 0;
	for (int c = 0; c < NCONDITIONS; c++) {
		if (!(a & (1u << c)))
			continue;
		int found = 0;
		for (int d = 0; d < NCONDITIONS && !found; d++)
			found = (b & (1u << d)) && cond_related(c, d);
		if (!found)
			out |= 1u << c;
	}
	return out;
}

