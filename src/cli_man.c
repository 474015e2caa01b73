/*
 * cli_man.c: the generated sections of the man page, in roff.
 *
 * Each command's help text follows a few conventions (docs/cli.md):
 * paragraphs of prose at the left margin, section headings ending in ':'
 * ("Options:", "Examples:"), and indented lines under them: option lines
 * ("  -n, --dry-run   what it does"), definition lines ("  bibtex  what
 * it is"), or examples. That is enough structure to write the same text as
 * roff: prose stays prose, options and definitions become tagged
 * paragraphs, examples become example blocks. The help text stays the one
 * place a command is documented.
 */
#include "manpage.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "config.h"
#include "domain.h"
#include "util.h"
#include "validate.h"

/* Writes s[0..n) as roff text: backslashes and hyphen-minus escaped (so
 * options and keys copy and paste as typed), and a control character at
 * the start of a line neutralised. */
static void roff(FILE *fp, const char *s, size_t n, int line_start)
{
	for (size_t i = 0; i < n; i++) {
		if (line_start && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", fp);
		line_start = 0;
		if (s[i] == '\\')
			fputs("\\e", fp);
		else if (s[i] == '-')
			fputs("\\-", fp);
		else
			fputc(s[i], fp);
	}
}

static void roffs(FILE *fp, const char *s) { roff(fp, s, strlen(s), 1); }

/* A synopsis or option spec with fonts: options and literal words bold,
 * metavariables (UPPERCASE) italic, brackets, bars and dots plain. */
static void synopsis(FILE *fp, const char *s)
{
	while (*s) {
		size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=/*.");
		/* A trailing "..." is punctuation, not part of the word. */
		size_t dots = 0;
		while (dots < n && s[n - dots - 1] == '.')
			dots++;
		size_t word = n - dots;
		if (word) {
			int meta = isupper((unsigned char)s[0]);
			fputs(meta ? "\\fI" : "\\fB", fp);
			roff(fp, s, word, 0);
			fputs("\\fR", fp);
		}
		if (dots)
			roff(fp, s + word, dots, 0);
		s += n;
		if (*s) {
			roff(fp, s, 1, 0);
			s++;
		}
	}
}

/* Emits the lines of a help text as roff (see the file comment). */
static void help_text(FILE *fp, const char *help)
{
	enum { NONE, PROSE, ITEM, EXAMPLE, VERBATIM } state = NONE;
	int examples = 0;
	const char *p = help;
	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = ev_xstrndup(p, len);
		p += len + (p[len] == '\n');
		size_t indent = strspn(line, " ");
		char *text = line + indent;
		if (!*text) {
			if (state == EXAMPLE || state == VERBATIM)
				fputs(".EE\n.RE\n", fp);
			state = NONE;
		} else if (indent == 0 && text[strlen(text) - 1] == ':') {
			if (state == EXAMPLE || state == VERBATIM)
				fputs(".EE\n.RE\n", fp);
			examples = strcmp(text, "Examples:") == 0;
			/* The options come as tagged paragraphs; their heading would
			 * only repeat what the tags show. */
			if (strcmp(text, "Options:") != 0) {
				fputs(".PP\n", fp);
				roffs(fp, text);
				fputc('\n', fp);
			}
			state = NONE;
		} else if (indent == 0) {
			if (state == EXAMPLE || state == VERBATIM)
				fputs(".EE\n.RE\n", fp);
			if (state != PROSE)
				fputs(".PP\n", fp);
			roffs(fp, text);
			fputc('\n', fp);
			state = PROSE;
		} else if (examples || state == EXAMPLE) {
			if (state != EXAMPLE)
				fputs(".PP\n.RS 4\n.EX\n", fp);
			roffs(fp, text);
			fputc('\n', fp);
			state = EXAMPLE;
		} else if (state == ITEM && indent > 2) {
			/* the description of the item above, continued */
			roffs(fp, text);
			fputc('\n', fp);
		} else if (strstr(text, "  ")) {
			/* "-n, --dry-run   text" or "word   text": a tagged paragraph */
			if (state == EXAMPLE || state == VERBATIM)
				fputs(".EE\n.RE\n", fp);
			char *gap = strstr(text, "  "), *desc = gap;
			*gap = '\0';
			while (*desc == '\0' || *desc == ' ')
				desc++;
			fputs(".TP\n", fp);
			synopsis(fp, text);
			fputc('\n', fp);
			roffs(fp, desc);
			fputc('\n', fp);
			state = ITEM;
		} else {
			if (state != VERBATIM)
				fputs(".PP\n.RS 4\n.EX\n", fp);
			roffs(fp, text);
			fputc('\n', fp);
			state = VERBATIM;
		}
		free(line);
	}
	if (state == EXAMPLE || state == VERBATIM)
		fputs(".EE\n.RE\n", fp);
}

static void section_commands(FILE *fp)
{
	for (int i = 0; ev_commands[i]; i++) {
		const struct ev_cmd *c = ev_commands[i];
		fprintf(fp, ".SS %s\n.nf\n", c->name);
		for (const char *p = c->usage; *p;) {
			size_t len = strcspn(p, "\n");
			char *line = ev_xstrndup(p, len);
			char *s = line + strspn(line, " ");
			if (*s)
				synopsis(fp, s), fputc('\n', fp);
			free(line);
			p += len + (p[len] == '\n');
		}
		fputs(".fi\n.PP\n", fp);
		/* The summary as a sentence. */
		char *sum = ev_xasprintf("%s.", c->summary);
		sum[0] = (char)toupper((unsigned char)sum[0]);
		roffs(fp, sum);
		fputc('\n', fp);
		free(sum);
		help_text(fp, c->help ? c->help : "");
		fputs(".PP\nCommon options:", fp);
		if (c->access != EV_DB_NONE)
			fputs(" \\fB\\-\\-db\\fR,", fp);
		if (c->formats) {
			fputs(" \\fB\\-\\-format\\fR", fp);
			const char *sep = " ";
			for (int f = 0; f < EV_FMT_COUNT; f++)
				if (c->formats & EV_FMT_BIT(f)) {
					fprintf(fp, "%s\\fB%s\\fR", sep, ev_format_names[f]);
					sep = "|";
				}
			fputs(", \\fB\\-o\\fR, \\fB\\-\\-no\\-header\\fR, \\fB\\-\\-color\\fR,", fp);
		}
		fputs(" \\fB\\-q\\fR, \\fB\\-h\\fR (see \\fBOPTIONS\\fR).\n", fp);
	}
}

static void section_global_options(FILE *fp)
{
	for (const struct ev_global_option *g = ev_global_options; g->name; g++) {
		fputs(".TP\n", fp);
		if (g->alias) {
			synopsis(fp, g->alias);
			fputs(", ", fp);
		}
		synopsis(fp, g->name);
		if (g->metavar) {
			fputc(' ', fp);
			synopsis(fp, g->metavar);
		}
		fputc('\n', fp);
		char *h = ev_xasprintf("%s.", g->help);
		h[0] = (char)toupper((unsigned char)h[0]);
		roffs(fp, h);
		fputc('\n', fp);
		free(h);
	}
}

/* What a CSV column holds, in words, from its entry in the field table. */
static void describe_field(FILE *fp, enum ev_kind kind, const struct ev_field *f)
{
	struct ev_buf b = EV_BUF_INIT;
	switch (f->type) {
	case EV_F_TEXT:
		ev_buf_adds(&b, "Text");
		break;
	case EV_F_SLUG:
		ev_buf_adds(&b, "A key (lowercase letters, digits and -)");
		break;
	case EV_F_SLUGS:
		ev_buf_adds(&b, "Keys separated by ;");
		break;
	case EV_F_INT:
		if (f->min == 1 && f->max >= 1e9)
			ev_buf_adds(&b, "A positive whole number");
		else
			ev_buf_addf(&b, "A whole number from %.0f to %.0f", f->min, f->max);
		break;
	case EV_F_REAL:
		if (isfinite(f->min) && isfinite(f->max))
			ev_buf_addf(&b, "A number from %g to %g", f->min, f->max);
		else
			ev_buf_adds(&b, "A number");
		break;
	case EV_F_ENUM:
		ev_buf_adds(&b, "One of ");
		for (int i = 0; f->words[i]; i++)
			ev_buf_addf(&b, "%s%s", i ? ", " : "", f->words[i]);
		break;
	case EV_F_DATE:
		ev_buf_adds(&b, "A date, YYYY-MM-DD");
		break;
	case EV_F_DOI:
		ev_buf_adds(&b, "A DOI, 10.NNNN/suffix");
		break;
	case EV_F_PMID:
		ev_buf_adds(&b, "A PubMed id (digits)");
		break;
	case EV_F_MONTHS:
		ev_buf_adds(&b, "Months, or a range LO-HI");
		break;
	case EV_F_YESNO:
		ev_buf_adds(&b, "yes or no");
		break;
	case EV_F_URL:
		ev_buf_adds(&b, "An http or https URL");
		break;
	}
	if (kind == EV_CLAIM && strcmp(f->name, "stated_result") == 0) {
		/* Free text, but `audit` reads only these words (and synonyms). */
		ev_buf_adds(&b, ": what the article says the study found, which 'evidence audit' checks when it is "
				"one of ");
		for (int i = 0; ev_result_names[i]; i++)
			ev_buf_addf(&b, "%s%s", i ? ", " : "", ev_result_names[i]);
		ev_buf_adds(&b, " (or a synonym: docs/audit.md)");
	}
	if (f->flags & EV_REQUIRED)
		ev_buf_adds(&b, "; required");
	else if (f->flags & EV_REQUIRED_VERIFIED)
		ev_buf_adds(&b, "; required unless status is unverified");
	if (f->flags & EV_KEY)
		ev_buf_adds(&b, kind == EV_LINK ? "; with claim, study and outcome, identifies the link"
						: "; identifies the record");
	if (f->dflt)
		ev_buf_addf(&b, "; default %s", f->dflt);
	ev_buf_addc(&b, '.');
	roffs(fp, ev_buf_str(&b));
	fputc('\n', fp);
	ev_buf_free(&b);
}

static void section_columns(FILE *fp)
{
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		int nf;
		const struct ev_field *f = ev_fields((enum ev_kind)k, &nf);
		fprintf(fp, ".SS %s\n", ev_kind_plurals[k]);
		for (int i = 0; i < nf; i++) {
			fputs(".TP\n.B ", fp);
			roff(fp, f[i].name, strlen(f[i].name), 0);
			fputc('\n', fp);
			describe_field(fp, (enum ev_kind)k, &f[i]);
		}
	}
}

/* Where `make install` put the demo data: the binary's EV_DATADIR, so a
 * page generated by a binary built with PREFIX=/opt names /opt/... */
static void section_data_dir(FILE *fp)
{
	fputs(".IR ", fp);
	roffs(fp, EV_DATADIR "/studies/");
	fputs(" .\n", fp);
}

static void section_data_files(FILE *fp)
{
	fputs(".I ", fp);
	roffs(fp, EV_DATADIR "/studies/*.csv");
	fputc('\n', fp);
}

static const struct {
	const char *name;
	void (*fn)(FILE *fp);
} sections[] = {
	{"commands", section_commands},
	{"columns", section_columns},
	{"data-dir", section_data_dir},
	{"data-files", section_data_files},
	{"global-options", section_global_options},
};

static int section(const char *name, FILE *fp)
{
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (strcmp(sections[i].name, name) == 0) {
			sections[i].fn(fp);
			return 0;
		}
	return -1;
}

#define BEGIN_MARK ".\\\" BEGIN GENERATED SECTION "
#define END_MARK ".\\\" END GENERATED SECTION"

int ev_man_main(int argc, char **argv)
{
	ev_set_command("__man");
	if (argc > 1)
		return ev_error("usage: evidence __man [SECTION] (a man page on stdin)"), EV_USAGE;
	if (argc == 1) {
		if (section(argv[0], stdout))
			return ev_error("no generated section '%s'", argv[0]);
		return fflush(stdout) == 0 ? EV_OK : EV_FAIL;
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, open_at = 0;
	int rc = EV_OK;
	while (getline(&line, &cap, stdin) >= 0) {
		lineno++;
		if (open_at) {
			if (strncmp(line, END_MARK, strlen(END_MARK)) == 0) {
				fputs(line, stdout);
				open_at = 0;
			}
			continue;
		}
		fputs(line, stdout);
		if (strncmp(line, BEGIN_MARK, strlen(BEGIN_MARK)) == 0) {
			char *name = line + strlen(BEGIN_MARK);
			name[strcspn(name, " \r\n")] = '\0';
			if (section(name, stdout)) {
				rc = ev_error("<stdin>:%ld: no generated section '%s'", lineno, name);
				break;
			}
			open_at = lineno;
		}
	}
	if (rc == EV_OK && open_at)
		rc = ev_error("<stdin>:%ld: generated section not closed by '%s'", open_at, END_MARK);
	free(line);
	if (fflush(stdout) != 0 && rc == EV_OK)
		rc = ev_error("cannot write the output");
	return rc;
}
