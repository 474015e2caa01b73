/*
 * gen.c: deterministic benchmark data for `make bench`.
 *
 *   gen DIR STUDIES CLAIMS TOPICS LINKS
 *
 * writes DIR/{articles,studies,claims,evidence}.csv in the import formats.
 * The data are synthetic but shaped like real records: titles of 60-200
 * bytes, author lists of 1-12 Vancouver-style names, UTF-8 letters, commas,
 * quotes and line breaks inside quoted fields, DOIs and PMIDs on most
 * studies. The same arguments always give byte-identical files (a fixed
 * xorshift generator), so runs on different machines compare.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned pick(unsigned n) { return (unsigned)(next() % n); }

static const char *const words[] = {
	"vitamin", "supplementation", "calcification", "arterial", "stiffness", "randomized", "trial",
	"cohort", "menaquinone", "phylloquinone", "coronary", "risk", "mortality", "women", "men",
	"older", "adults", "effect", "intake", "dietary", "placebo", "controlled", "double-blind",
	"association", "progression", "vascular", "aortic", "valve", "matrix", "protein", "Gla",
	"MK-7", "K2", "D3", "calcium", "bone", "density", "fracture", "kidney", "disease", "diabetes",
	"inflammation", "biomarker", "dp-ucMGP", "pulse", "wave", "velocity", "µg/day", "Québec",
	"Müller", "São", "Paulo", "Zürich", "naïve", "meta-analysis", "systematic", "review",
};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const families[] = {
	"Smith", "Jansen", "de Vries", "van der Mistral", "Müller", "García", "Nguyen", "Kowalski", "Rossi",
	"O'Brien", "Østergaard", "Nakamura", "Scurrowby", "Vermillow", "Knottingale", "Li", "Wang", "Bootlebrook",
	"Sheafmoor", "Gallowmere", "Brackwater", "Dubois", "Andersen", "Kim", "Singh", "Silva", "López",
};
#define NFAM (sizeof families / sizeof families[0])

static const char *const designs[] = {"rct", "cohort", "meta-analysis", "cross-sectional", "case-control",
				      "systematic-review", "non-randomized-trial", "animal", "in-vitro", "other"};
static const char *const countries[] = {"Netherlands", "USA", "Denmark", "Japan", "Germany", "Brazil", "Canada"};
static const char *const directions[] = {"supports", "contradicts", "inconclusive"};
static const char *const measures[] = {"RR", "OR", "HR", "MD", "SMD"};

/* Writes `n` words; with quotes and line breaks now and then, which the
 * CSV writer below must quote. */
static void sentence(FILE *f, unsigned n, int extras)
{
	for (unsigned i = 0; i < n; i++) {
		fputs(words[pick(NWORDS)], f);
		if (i + 1 < n) {
			unsigned r = pick(40);
			if (extras && r == 0)
				fputs(", ", f);
			else if (extras && r == 1)
				fputs(" \"quoted\" ", f);
			else if (extras && r == 2)
				fputs("\n", f);
			else
				fputc(' ', f);
		}
	}
}

/* A field that always gets quoted (so inner quotes are doubled): the
 * content goes to a buffer first. */
static void quoted(FILE *f, void (*fill)(FILE *, unsigned, int), unsigned n, int extras)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	fill(m, n, extras);
	fclose(m);
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '"')
			fputc('"', f);
		fputc(buf[i], f);
	}
	fputc('"', f);
	free(buf);
}

static void authors(FILE *f, unsigned n, int extras)
{
	(void)extras;
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "%s%s %c%c", i ? ", " : "", families[pick(NFAM)], 'A' + pick(26), 'A' + pick(26));
	if (pick(10) == 0)
		fputs(", et al.", f);
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: gen DIR STUDIES CLAIMS TOPICS LINKS\n");
		return 2;
	}
	const char *dir = argv[1];
	long studies = atol(argv[2]), claims = atol(argv[3]), topics = atol(argv[4]), links = atol(argv[5]);
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/articles.csv", dir);
	if (!(f = fopen(path, "w")))
		return perror(path), 1;
	fputs("key,title,author,publisher,url,published\n", f);
	for (long i = 0; i < 100; i++)
		fprintf(f, "article-%ld,Benchmark article %ld,Writer %ld,,https://example.org/a/%ld,2024-%02ld-%02ld\n", i,
			i, i, i, i % 12 + 1, i % 28 + 1);
	fclose(f);

	snprintf(path, sizeof path, "%s/studies.csv", dir);
	if (!(f = fopen(path, "w")))
		return perror(path), 1;
	fputs("key,title,authors,journal,year,volume,issue,pages,doi,pmid,design,country,population,sample_size,"
	      "duration_months,intervention,comparator,risk_of_bias,funding,status,source,notes\n",
	      f);
	for (long i = 0; i < studies; i++) {
		unsigned year = 1950 + pick(75), first = 10 + pick(900);
		fprintf(f, "study-%ld,", i);
		quoted(f, sentence, 8 + pick(16), 1);
		fputc(',', f);
		quoted(f, authors, 1 + pick(12), 0);
		fprintf(f, ",J Bench %u,%u,%u,%u,%u-%u,", pick(500), year, pick(400), 1 + pick(12), first, first + pick(20));
		if (pick(10))
			fprintf(f, "10.5555/bench.%ld", i);
		fputc(',', f);
		if (pick(10))
			fprintf(f, "%ld", 10000000 + i);
		fprintf(f, ",%s,%s,", designs[pick(10)], countries[pick(7)]);
		sentence(f, 2 + pick(4), 0);
		fprintf(f, ",%u,%u,", 10 + pick(50000), 1 + pick(120));
		sentence(f, 2 + pick(3), 0);
		fputs(",placebo,", f);
		fputs(pick(2) ? "low" : "unknown", f);
		fputs(",,verified,generated by tests/bench/gen,", f);
		if (pick(3) == 0)
			quoted(f, sentence, 5 + pick(30), 1);
		fputc('\n', f);
	}
	fclose(f);

	snprintf(path, sizeof path, "%s/claims.csv", dir);
	if (!(f = fopen(path, "w")))
		return perror(path), 1;
	fputs("key,article,topics,text,quote,stated_study,stated_n,stated_population,stated_country,"
	      "stated_duration_months,stated_result,notes\n",
	      f);
	for (long i = 0; i < claims; i++) {
		long t1 = i % topics, t2 = (i * 7 + 3) % topics;
		fprintf(f, "claim-%ld,article-%ld,topic-%ld", i, i % 100, t1);
		if (t2 != t1)
			fprintf(f, ";topic-%ld", t2);
		fputc(',', f);
		quoted(f, sentence, 8 + pick(20), 1);
		fputs(",,,,,,,,\n", f);
	}
	fclose(f);

	snprintf(path, sizeof path, "%s/evidence.csv", dir);
	if (!(f = fopen(path, "w")))
		return perror(path), 1;
	fputs("claim,study,direction,outcome,measure,estimate,ci_low,ci_high,p_value,n,indirect,notes\n", f);
	for (long i = 0; i < links; i++) {
		/* Distinct (claim, study) pairs: link i ties claim i % claims to a
		 * study that depends on i / claims, so no pair repeats. */
		long c = i % claims, s = (c * 131 + (i / claims) * 7919) % studies;
		fprintf(f, "claim-%ld,study-%ld,%s,outcome %u,", c, s, directions[pick(3)], pick(5));
		if (pick(2)) {
			const char *m = measures[pick(5)];
			double est = m[0] == 'M' || m[0] == 'S' ? (double)pick(2000) / 100 - 10 : 0.2 + (double)pick(300) / 100;
			double w = 0.05 + (double)pick(100) / 200;
			if (m[0] == 'M' || m[0] == 'S')
				fprintf(f, "%s,%.2f,%.2f,%.2f,", m, est, est - w * 4, est + w * 4);
			else
				fprintf(f, "%s,%.2f,%.3f,%.3f,", m, est, est / (1 + w), est * (1 + w));
		} else {
			fputs(",,,,", f);
		}
		fprintf(f, ",,%s,\n", pick(5) ? "no" : "yes");
	}
	fclose(f);
	return 0;
}
