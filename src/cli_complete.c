/*
 * cli_complete.c: `evidence __complete`, the completion engine.
 *
 * Shell completion scripts that hard-code commands and options go stale
 * the day a command is added; so, like git, cobra (kubectl, gh) and clap,
 * the scripts ask the binary. What the engine offers is read from the
 * command table:
 *   - command names and summaries;
 *   - options from the command's own getopt table, which ev_cli_parse hands
 *     over (the command is run by ev_cli_run in completion mode and stops
 *     there, before it opens anything);
 *   - option values from the metavariable its help line shows
 *     ("--kind KIND", "-f, --format FORMAT");
 *   - operands from the usage synopsis ("show study|claim|article KEY",
 *     "query TOPIC", "import FILE..."): literal words, and metavariables
 *     mapped to keys (TOPIC, CLAIM, STUDY, ARTICLE, KEY), files (FILE,
 *     PATH), commands (COMMAND), formats (FORMAT), fields (FIELD=VALUE).
 * docs/cli.md lists the metavariables; a command that follows it needs
 * nothing else to be completed.
 */
#include "complete.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "domain.h"
#include "model_keys.h"
#include "util.h"
#include "validate.h"

/* What a command's help says about one option. */
struct optinfo {
	const char *name;  /* long name without "--", borrowed from the getopt table */
	int shortc;        /* short letter, or 0 */
	int has_arg;
	char *metavar;     /* from the help line, or NULL (owned) */
	char *desc;        /* first line of its description, or NULL (owned) */
};

static struct {
	int active;
	char **words;      /* the command's words after its name, before the cursor */
	int nwords;
	const char *cur;   /* the word under the cursor */
	const char *db;    /* --db, wherever it was given */
	struct ev_db h;
	int db_state;      /* 0 not tried, 1 open, -1 unavailable */
	int nospace, files, dirs;
	int refused;       /* run() returned without parsing its options */
} cs;

int ev_completing(void) { return cs.active; }

/* Prints prefix+word as a candidate when it extends `typed`, the word
 * under the cursor. The prefix is "--option=" for option values given in
 * the same word. */
static void cand(const char *prefix, const char *word, const char *desc, const char *typed)
{
	size_t pl = strlen(prefix), tl = strlen(typed);
	if (tl <= pl ? strncmp(prefix, typed, tl) != 0
		     : strncmp(typed, prefix, pl) != 0 || strncmp(word, typed + pl, tl - pl) != 0)
		return;
	printf("%s%s", prefix, word);
	if (desc && *desc) {
		/* One line, and short enough for a menu: zsh shows it beside the
		 * candidate. Tabs and newlines would break the protocol. A title
		 * from the database reaches the terminal in the menu, so it is
		 * escaped as everything else evidence shows there. */
		struct ev_buf shown = EV_BUF_INIT;
		ev_term_escape(&shown, desc, strlen(desc));
		/* 72 columns, whatever bytes they take (marks that take no
		 * column count none: a copy into 512 bytes cut them short). */
		size_t dl = shown.len, n = ev_utf8_prefix_for_width(ev_buf_str(&shown), dl, 72);
		for (size_t i = 0; i < n; i++)
			if (shown.data[i] == '\t' || shown.data[i] == '\n' || shown.data[i] == '\r')
				shown.data[i] = ' ';
		printf("\t%.*s%s", (int)n, ev_buf_str(&shown), n < dl ? "..." : "");
		ev_buf_free(&shown);
	}
	putchar('\n');
}

static int db_open(void)
{
	if (cs.db_state == 0)
		cs.db_state = ev_db_open(&cs.h, ev_db_default_path(cs.db), EV_DB_READ) == 0 ? 1 : -1;
	return cs.db_state > 0;
}

struct keys_ud {
	const char *prefix;
	const char *typed;
};

static int on_key(void *ud, const char *key, const char *label)
{
	struct keys_ud *k = ud;
	cand(k->prefix, key, label, k->typed);
	return 0;
}

/* Keys of a kind (EV_KIND_COUNT: topics) completing `value`. */
static void keys(int kind, const char *prefix, const char *value, const char *typed)
{
	struct keys_ud ud = {prefix, typed};
	if (db_open())
		ev_model_keys(&cs.h, (enum ev_kind)kind, value, on_key, &ud);
}

/* The record kind a word names (study, studies, claim, ...; topic gives
 * EV_KIND_COUNT), or -1. */
static int kind_named(const char *w)
{
	int k = ev_kind_word(w);
	if (k < 0 && (strcmp(w, "topic") == 0 || strcmp(w, "topics") == 0))
		k = EV_KIND_COUNT;
	return k;
}

/* Candidates for one metavariable (or a|b|c list of literal words).
 * `as_option` tells an option's value from an operand (KIND differs);
 * `kind` is the record kind named earlier on the line, for KEY and FIELD.
 * Recursive once at most: an alternative of a|b|c has no '|' left. */
// NOLINTNEXTLINE(misc-no-recursion)
static void metavar(const struct ev_cmd *cmd, const char *meta, int as_option, int kind, const char *prefix,
		    const char *value, const char *typed)
{
	char m[64]; /* a metavariable of our own help ("KIND", "a|b|c"), never the user's */
	size_t n = strcspn(meta, "[]");
	snprintf(m, sizeof m, "%.*s", (int)(n < sizeof m ? n : sizeof m - 1), meta);
	n = strlen(m);
	if (n > 3 && strcmp(m + n - 3, "...") == 0)
		m[n - 3] = '\0';
	if (strchr(m, '|')) {
		/* a|b|c: each alternative on its own (literal words as they are,
		 * metavariables by their meaning) */
		char *save = NULL;
		for (char *alt = strtok_r(m, "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
			if (isupper((unsigned char)alt[0]))
				metavar(cmd, alt, as_option, kind, prefix, value, typed);
			else
				cand(prefix, alt, NULL, typed);
		}
		return;
	}
	if (!isupper((unsigned char)m[0])) {
		cand(prefix, m, NULL, typed);
		return;
	}
	/* Plural metavariables (TOPICS, CLAIMS) mean the same keys. */
	if (strcmp(m, "FORMAT") == 0) {
		for (int f = 0; f < EV_FMT_COUNT; f++)
			if (cmd && (cmd->formats & EV_FMT_BIT(f)))
				cand(prefix, ev_format_names[f], NULL, typed);
	} else if (strcmp(m, "WHEN") == 0) {
		cand(prefix, "auto", "colour on a terminal (default)", typed);
		cand(prefix, "always", "colour even when not a terminal", typed);
		cand(prefix, "never", "no colour", typed);
	} else if (strcmp(m, "KIND") == 0) {
		for (int k = 0; k < EV_KIND_COUNT; k++)
			if (as_option)
				cand(prefix, ev_kind_plurals[k], NULL, typed);
			else if (k != EV_LINK)
				cand(prefix, ev_kind_names[k], NULL, typed);
	} else if (strcmp(m, "COMMAND") == 0) {
		for (int i = 0; ev_commands[i]; i++)
			cand(prefix, ev_commands[i]->name, ev_commands[i]->summary, typed);
	} else if (strncmp(m, "TOPIC", 5) == 0) {
		keys(EV_KIND_COUNT, prefix, value, typed);
	} else if (strncmp(m, "CLAIM", 5) == 0) {
		keys(EV_CLAIM, prefix, value, typed);
	} else if (strncmp(m, "ARTICLE", 7) == 0) {
		keys(EV_ARTICLE, prefix, value, typed);
	} else if (strncmp(m, "STUD", 4) == 0) {
		keys(EV_STUDY, prefix, value, typed);
	} else if (strcmp(m, "KEY") == 0 || strcmp(m, "KEYS") == 0) {
		/* of the kind named before it, else of any record */
		if (kind >= 0)
			keys(kind, prefix, value, typed);
		else
			for (int k = 0; k < EV_KIND_COUNT; k++)
				keys(k, prefix, value, typed);
	} else if (strncmp(m, "FIELD", 5) == 0) {
		if (kind >= 0 && kind < EV_KIND_COUNT) {
			int nf;
			const struct ev_field *f = ev_fields((enum ev_kind)kind, &nf);
			for (int i = 0; i < nf; i++) {
				char w[64]; /* a field name of ours */
				snprintf(w, sizeof w, "%s=", f[i].name);
				cand(prefix, w, NULL, typed);
			}
			cs.nospace = 1;
		}
	} else if (strcmp(m, "DIR") == 0 || strcmp(m, "DIRECTORY") == 0) {
		cs.dirs = 1;
	} else if (strstr(m, "FILE") || strcmp(m, "PATH") == 0 || strcmp(m, "OUTPUT") == 0 ||
		   strcmp(m, "DB") == 0) {
		cs.files = 1;
	}
}

/* ---- options --------------------------------------------------------- */

/* Reads the option lines of a command's help ("  -f, --format FORMAT  text",
 * "  --kind KIND  text", "  -n, --dry-run  text") into info[]. */
static void read_help(const struct ev_cmd *cmd, struct optinfo *info, int n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (!fp)
		return;
	ev_cli_help(cmd, fp);
	fclose(fp);
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "  -", 3) != 0)
			continue;
		/* The option part ends at two spaces; the description follows. */
		char *spec = line + 2, *gap = strstr(spec, "  ");
		char *desc = NULL;
		if (gap) {
			*gap = '\0';
			desc = gap + 2;
			while (*desc == ' ')
				desc++;
		}
		int shortc = 0;
		const char *lname = NULL;
		char *meta = NULL, *save = NULL;
		for (char *tok = strtok_r(spec, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			if (tok[0] == '-' && tok[1] == '-')
				lname = tok + 2;
			else if (tok[0] == '-' && tok[1] && !tok[2])
				shortc = (unsigned char)tok[1];
			else if (!meta)
				meta = tok;
		}
		for (int i = 0; i < n; i++)
			if ((lname && info[i].name && strcmp(info[i].name, lname) == 0) ||
			    (!lname && shortc && info[i].shortc == shortc)) {
				if (meta && !info[i].metavar)
					info[i].metavar = ev_xstrdup(meta);
				if (desc && !info[i].desc)
					info[i].desc = ev_xstrdup(desc);
				if (shortc && !info[i].shortc)
					info[i].shortc = shortc;
			}
	}
	free(text);
}

/* Whether an option applies to the command, as its help lists them: the
 * output options only to commands that print, --no-header only with csv
 * or tsv, --color only with the table format, --db only to commands with
 * a database. The British spelling --colour is accepted but not offered. */
static int offered(const struct ev_cmd *cmd, const char *name)
{
	/* The command refused the words before the cursor (`add --`: the
	 * kind comes first), so only --help would be taken there. */
	if (cs.refused)
		return strcmp(name, "help") == 0;
	if (strcmp(name, "colour") == 0)
		return 0;
	if (!cmd->formats && (strcmp(name, "format") == 0 || strcmp(name, "output") == 0))
		return 0;
	if (strcmp(name, "no-header") == 0 && !(cmd->formats & (EV_FMT_BIT(EV_FMT_CSV) | EV_FMT_BIT(EV_FMT_TSV))))
		return 0;
	if (strcmp(name, "color") == 0 && !(cmd->formats & EV_FMT_BIT(EV_FMT_TABLE)))
		return 0;
	if (cmd->access == EV_DB_NONE && strcmp(name, "db") == 0)
		return 0;
	return 1;
}

/* The metavariable the usage synopsis gives an option ("[--kind KIND]"),
 * for an option its help does not describe. Returns a static buffer or
 * NULL. The synopses and option names are ours, and short. */
static const char *usage_metavar(const struct ev_cmd *cmd, const char *name)
{
	static char m[64];
	char pat[80];
	snprintf(pat, sizeof pat, "--%s ", name);
	const char *p = strstr(cmd->usage, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	size_t n = strcspn(p, " ]\n");
	snprintf(m, sizeof m, "%.*s", (int)(n < sizeof m ? n : sizeof m - 1), p);
	return isupper((unsigned char)m[0]) || strchr(m, '|') ? m : NULL;
}

/* ---- operands, from the usage synopsis ------------------------------- */

/* The synopsis is our own text: its words fit these buffers. */
struct elem {
	char text[64];
	int optional, repeat;
};

/* Splits one synopsis line after "evidence NAME" into operand elements,
 * leaving out options ("[--kind KIND]", "-n", "--to FILE"). */
static int parse_synopsis(const char *line, const struct optinfo *info, int ninfo, struct elem *el, int max)
{
	int n = 0;
	const char *p = line;
	while (*p && n < max) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char tok[64];
		int optional = 0;
		size_t len;
		if (*p == '[') {
			int depth = 0;
			const char *q = p;
			for (; *q; q++) {
				depth += *q == '[';
				depth -= *q == ']';
				if (depth == 0)
					break;
			}
			len = (size_t)(q - p - 1);
			snprintf(tok, sizeof tok, "%.*s", (int)(len < sizeof tok ? len : sizeof tok - 1), p + 1);
			p = *q ? q + 1 : q;
			optional = 1;
		} else {
			len = strcspn(p, " ");
			snprintf(tok, sizeof tok, "%.*s", (int)(len < sizeof tok ? len : sizeof tok - 1), p);
			p += len;
		}
		if (strcmp(tok, "...") == 0) {
			if (n)
				el[n - 1].repeat = 1;
			continue;
		}
		if (tok[0] == '-') {
			/* A required option with a value ("--to FILE"): skip both. */
			const char *name = tok[1] == '-' ? tok + 2 : NULL;
			for (int i = 0; !optional && i < ninfo; i++)
				if (((name && info[i].name && strcmp(info[i].name, name) == 0) ||
				     (!name && info[i].shortc == (unsigned char)tok[1])) &&
				    info[i].has_arg) {
					while (*p == ' ')
						p++;
					p += strcspn(p, " ");
				}
			continue;
		}
		/* "[KEY [FIELD]]": the outer operand only. */
		tok[strcspn(tok, " ")] = '\0';
		struct elem *e = &el[n++];
		snprintf(e->text, sizeof e->text, "%s", tok);
		e->optional = optional;
		len = strlen(e->text);
		e->repeat = len > 3 && strcmp(e->text + len - 3, "...") == 0;
	}
	return n;
}

/* Whether an element could hold `word`: a literal list must name it; a
 * metavariable takes anything. */
static int accepts(const struct elem *e, const char *word)
{
	char m[64];
	snprintf(m, sizeof m, "%s", e->text);
	int literal_only = 1;
	char *save = NULL;
	for (char *alt = strtok_r(m, "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
		if (isupper((unsigned char)alt[0]))
			literal_only = 0;
		else if (strcmp(alt, word) == 0)
			return 1;
	}
	return !literal_only;
}

static void complete_operand(const struct ev_cmd *cmd, char **ops, int nops, const struct optinfo *info,
			     int ninfo)
{
	int kind = -1;
	for (int i = 0; i < nops; i++)
		if (kind_named(ops[i]) >= 0)
			kind = kind_named(ops[i]);
	const char *p = cmd->usage;
	char line[512];
	while (*p) {
		size_t len = strcspn(p, "\n");
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
		p += len + (p[len] == '\n');
		/* "  evidence NAME rest" */
		char *s = line;
		while (*s == ' ')
			s++;
		size_t nl = strlen(cmd->name);
		if (strncmp(s, "evidence ", 9) != 0 || strncmp(s + 9, cmd->name, nl) != 0 ||
		    (s[9 + nl] != ' ' && s[9 + nl] != '\0'))
			continue;
		struct elem el[24];
		int nel = parse_synopsis(s + 9 + nl, info, ninfo, el, 24), e = 0, ok = 1;
		for (int i = 0; i < nops && ok; i++) {
			for (;;) {
				if (e >= nel) {
					ok = 0;
					break;
				}
				if (accepts(&el[e], ops[i])) {
					if (!el[e].repeat)
						e++;
					break;
				}
				if (!el[e].optional) {
					ok = 0;
					break;
				}
				e++;
			}
		}
		if (!ok)
			continue;
		/* The next element, and past it while elements are optional. */
		for (; e < nel; e++) {
			metavar(cmd, el[e].text, 0, kind, "", cs.cur, cs.cur);
			if (!el[e].optional)
				break;
		}
	}
}

static const struct optinfo *find_long(const struct optinfo *info, int n, const char *name, size_t len)
{
	for (int i = 0; i < n; i++)
		if (info[i].name && strlen(info[i].name) == len && strncmp(info[i].name, name, len) == 0)
			return &info[i];
	return NULL;
}

static const struct optinfo *find_short(const struct optinfo *info, int n, int c)
{
	for (int i = 0; i < n; i++)
		if (info[i].shortc == c)
			return &info[i];
	return NULL;
}

static void option_value(const struct ev_cmd *cmd, const struct optinfo *o, const char *prefix, const char *value)
{
	/* The synopsis's list of words ("--direction supports|contradicts")
	 * is the most exact; else the help's metavariable; else the
	 * synopsis's. */
	const char *from_usage = o->name ? usage_metavar(cmd, o->name) : NULL;
	const char *meta = from_usage && strchr(from_usage, '|') ? from_usage : o->metavar ? o->metavar : from_usage;
	if (meta)
		metavar(cmd, meta, 1, -1, prefix, value, cs.cur);
}

static void finish(void)
{
	if (cs.files)
		puts(":files");
	else if (cs.dirs)
		puts(":dirs");
	if (cs.nospace)
		puts(":nospace");
	fflush(stdout);
	if (cs.db_state > 0)
		ev_db_close(&cs.h);
}

_Noreturn void ev_complete_command(struct ev_ctx *ctx, const struct option *opts, const char *shortopts)
{
	const struct ev_cmd *cmd = ctx->cmd;
	int n = 0;
	while (opts && opts[n].name)
		n++;
	/* One entry per long option, plus short options with no long form. */
	struct optinfo *info = ev_xcalloc((size_t)n + strlen(shortopts) + 1, sizeof *info);
	int ninfo = 0;
	for (int i = 0; i < n; i++) {
		if (opts[i].val >= EV_OPT_UNLISTED)
			continue;
		struct optinfo *o = &info[ninfo++];
		o->name = opts[i].name;
		o->has_arg = opts[i].has_arg == required_argument;
		o->shortc = opts[i].flag == NULL && opts[i].val > 0 && opts[i].val < 128 &&
				    strchr(shortopts, opts[i].val) && opts[i].val != ':'
			    ? opts[i].val
			    : 0;
	}
	for (const char *s = shortopts; *s; s++) {
		if (*s == ':' || find_short(info, ninfo, (unsigned char)*s))
			continue;
		struct optinfo *o = &info[ninfo++];
		o->shortc = (unsigned char)*s;
		o->has_arg = s[1] == ':';
	}
	read_help(cmd, info, ninfo);
	/* A short option the help pairs with a long one ("-n, --dry-run")
	 * is that option, not one of its own. */
	for (int i = 0; i < ninfo; i++)
		if (!info[i].name)
			for (int j = 0; j < ninfo; j++)
				if (info[j].name && info[j].shortc == info[i].shortc) {
					free(info[i].metavar);
					free(info[i].desc);
					memmove(&info[i], &info[i + 1], (size_t)(ninfo - i - 1) * sizeof *info);
					ninfo--;
					i--;
					break;
				}

	/* Walk the words before the cursor: operands, option values, --db. */
	char **ops = ev_xcalloc((size_t)cs.nwords + 1, sizeof *ops);
	int nops = 0, dashdash = 0;
	const struct optinfo *pending = NULL;
	for (int j = 0; j < cs.nwords; j++) {
		const char *w = cs.words[j];
		if (pending) {
			if (pending->name && strcmp(pending->name, "db") == 0)
				cs.db = w;
			pending = NULL;
		} else if (dashdash || w[0] != '-' || !w[1]) {
			ops[nops++] = cs.words[j];
		} else if (strcmp(w, "--") == 0) {
			dashdash = 1;
		} else if (w[1] == '-') {
			size_t len = strcspn(w + 2, "=");
			const struct optinfo *o = find_long(info, ninfo, w + 2, len);
			if (o && o->has_arg && !w[2 + len])
				pending = o;
			else if (o && o->name && strcmp(o->name, "db") == 0 && w[2 + len])
				cs.db = w + 3 + len;
		} else {
			for (const char *c = w + 1; *c; c++) {
				const struct optinfo *o = find_short(info, ninfo, (unsigned char)*c);
				if (o && o->has_arg) {
					if (!c[1])
						pending = o;
					break;
				}
			}
		}
	}

	const char *cur = cs.cur;
	if (pending) {
		option_value(cmd, pending, "", cur);
	} else if (!dashdash && cur[0] == '-' && cur[1] == '-' && strchr(cur, '=')) {
		size_t len = strcspn(cur + 2, "=");
		const struct optinfo *o = find_long(info, ninfo, cur + 2, len);
		/* Used only when the word names one of our options: the cut of
		 * a longer word is never used. */
		char prefix[80];
		snprintf(prefix, sizeof prefix, "%.*s", (int)(len + 3 < sizeof prefix ? len + 3 : sizeof prefix - 1), cur);
		if (o && o->has_arg)
			option_value(cmd, o, prefix, cur + len + 3);
	} else if (!dashdash && cur[0] == '-' && cur[1] && cur[1] != '-' && cur[2] &&
		   find_short(info, ninfo, (unsigned char)cur[1]) &&
		   find_short(info, ninfo, (unsigned char)cur[1])->has_arg) {
		/* "-fjs": the value glued to a short option. */
		char prefix[3] = {'-', cur[1], '\0'};
		option_value(cmd, find_short(info, ninfo, (unsigned char)cur[1]), prefix, cur + 2);
	} else if (!dashdash && cur[0] == '-') {
		for (int i = 0; i < ninfo; i++) {
			const struct optinfo *o = &info[i];
			if (o->name && offered(cmd, o->name)) {
				char w[80]; /* an option name of ours */
				snprintf(w, sizeof w, "--%s", o->name);
				cand("", w, o->desc, cur);
			}
		}
		/* Short forms only when asked for with a single dash. */
		if (!cur[1])
			for (int i = 0; i < ninfo; i++) {
				const struct optinfo *o = &info[i];
				if (o->shortc && (!o->name || offered(cmd, o->name))) {
					char w[3] = {'-', (char)o->shortc, '\0'};
					cand("", w, o->desc, cur);
				}
			}
	} else {
		complete_operand(cmd, ops, nops, info, ninfo);
	}
	finish();
	for (int i = 0; i < ninfo; i++) {
		free(info[i].metavar);
		free(info[i].desc);
	}
	free(info);
	free(ops);
	free((void *)shortopts);
	free((void *)opts);
	exit(EV_OK);
}

/* ---- before the command ---------------------------------------------- */

static void global_value(const struct ev_global_option *g, const char *prefix, const char *value)
{
	if (g->metavar)
		metavar(NULL, g->metavar, 1, -1, prefix, value, cs.cur);
}

int ev_complete_main(int argc, char **argv)
{
	/* Nothing but candidates may reach the shell: a message on stderr
	 * would be drawn over the command line being edited. */
	if (!freopen("/dev/null", "w", stderr))
		return EV_OK;
	ev_quiet = 1;
	const char *cur = argc > 0 ? argv[argc - 1] : "";
	int nwords = argc > 0 ? argc - 1 : 0, i = 0;
	cs.cur = cur;

	for (; i < nwords && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *w = argv[i];
		if (strcmp(w, "--") == 0) {
			i++;
			break;
		}
		for (const struct ev_global_option *g = ev_global_options; g->name; g++)
			if (g->metavar && strcmp(w, g->name) == 0) {
				if (i + 1 == nwords) {
					global_value(g, "", cur); /* the cursor is on its value */
					finish();
					return EV_OK;
				}
				if (strcmp(g->name, "--db") == 0)
					cs.db = argv[i + 1];
				i++;
			}
		if (strncmp(w, "--db=", 5) == 0)
			cs.db = w + 5;
	}
	if (i >= nwords) {
		if (cur[0] == '-') {
			const char *eq = strchr(cur, '=');
			for (const struct ev_global_option *g = ev_global_options; g->name; g++) {
				size_t nl = strlen(g->name);
				if (eq && g->metavar && (size_t)(eq - cur) == nl && strncmp(cur, g->name, nl) == 0) {
					char prefix[32]; /* a global option's name */
					snprintf(prefix, sizeof prefix, "%s=", g->name);
					global_value(g, prefix, eq + 1);
				} else if (!eq) {
					cand("", g->name, g->help, cur);
					if (g->alias && !cur[1])
						cand("", g->alias, g->help, cur);
				}
			}
		} else {
			for (int c = 0; ev_commands[c]; c++)
				cand("", ev_commands[c]->name, ev_commands[c]->summary, cur);
		}
		finish();
		return EV_OK;
	}

	const struct ev_cmd *cmd = ev_command(argv[i]);
	if (!cmd)
		return EV_OK;
	struct ev_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.cmd = cmd;
	ctx.db_path = cs.db;
	ctx.out.fmt = EV_FMT_TABLE;
	ctx.out.fp = stdout;
	ctx.out.header = 1;
	cs.active = 1;
	cs.words = argv + i + 1;
	cs.nwords = nwords - i - 1;
	ev_set_command(cmd->name);
	/* ev_cli_run parses the command's options before anything else it
	 * opens, and ev_cli_parse hands over to ev_complete_command, which
	 * exits. It gets the words typed so far, so that a command whose
	 * options depend on an operand (`edit study` takes the study's fields
	 * as flags) hands over exactly the table it would parse with. A
	 * command refused before its options (a kind word that must come
	 * first) gets the shared options only. */
	char **av = ev_xcalloc((size_t)cs.nwords + 2, sizeof *av);
	av[0] = argv[i];
	for (int j = 0; j < cs.nwords; j++)
		av[j + 1] = cs.words[j];
	ev_cli_run(&ctx, cs.nwords + 1, av);
	cs.refused = 1;
	int first;
	ev_cli_parse(&ctx, 1, av, "", NULL, NULL, NULL, &first);
	free(av);
	return EV_OK;
}
