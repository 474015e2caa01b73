/*
 * fuzz.h: what the fuzz harnesses share. Each tests/fuzz/fuzz_<name>.c
 * defines LLVMFuzzerTestOneInput (and may define LLVMFuzzerInitialize); the
 * Makefile links it twice: with libFuzzer (clang, `make fuzz`) to search
 * for new inputs, and with replay.c (any compiler, `make test`) to run the
 * seed corpus and tests/fuzz/regressions/<name>/ as a regression test.
 *
 * Besides the sanitizers, harnesses check properties of their own (a CSV
 * field written and read back is the same field, ...): a broken property
 * is reported by FUZZ_CHECK and aborts, which both drivers count as a
 * crash.
 */
#ifndef EV_FUZZ_H
#define EV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The formats every read command prints in (table, csv, tsv, json,
 * markdown: the first values of enum ev_format), which a harness's
 * format byte picks from. (Not EV_FMT_COUNT: export's citation formats
 * and the html and svg formats come after them.) */
#define FUZZ_TABLE_FORMATS 5

/* Aborts with a message when a property does not hold. */
#define FUZZ_CHECK(cond, ...)                                                                  \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                          \
			fputc('\n', stderr);                                                   \
			abort();                                                               \
		}                                                                              \
	} while (0)

#endif
