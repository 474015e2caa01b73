/*
 * replay.c: a main() for the fuzz harnesses without libFuzzer. Runs the
 * harness once on each FILE, and on each file in each DIR (sorted, so runs
 * are reproducible), and prints how many inputs ran. Linked by the
 * Makefile with every harness so `make test` replays the seed corpora and
 * the regression inputs with gcc, under the sanitizer build and under
 * valgrind alike: a crash or a broken property aborts the run.
 *
 *   build/fuzz-replay/fuzz_import tests/fuzz/regressions/fuzz_import ...
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Weak, so a harness without an initializer still links. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Runs the harness on one file; returns 0, or -1 when it cannot be read. */
static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *more = realloc(buf, cap *= 2);
			if (!more) {
				free(buf);
				buf = NULL;
			}
			buf = more;
		}
	}
	int bad = !buf || ferror(fp);
	fclose(fp);
	if (bad) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		free(buf);
		return -1;
	}
	/* A copy of exactly n bytes, so reading past the input is caught. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	long inputs = 0, failures = 0;
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			failures++;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			failures += run_file(argv[i]) != 0;
			inputs++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0, cap = 0;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				char **more = realloc(names, cap * sizeof *names);
				if (!more)
					abort();
				names = more;
			}
			size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
			if (!(names[n] = malloc(len)))
				abort();
			snprintf(names[n++], len, "%s/%s", argv[i], e->d_name);
		}
		if (d)
			closedir(d);
		else
			failures++;
		if (n)
			qsort(names, n, sizeof *names, by_name);
		for (size_t k = 0; k < n; k++) {
			if (stat(names[k], &sb) == 0 && S_ISREG(sb.st_mode)) {
				failures += run_file(names[k]) != 0;
				inputs++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("%ld inputs, %ld unreadable\n", inputs, failures);
	return failures ? 1 : 0;
}
