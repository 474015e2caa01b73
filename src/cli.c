/*
 * cli.c: option parsing shared by every command, opening what a command
 * needs, and help text.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "complete.h"
#include "config.h"
#include "domain.h"
#include "model.h"
#include "model_search.h"
#include "util.h"

/* Option values for the shared long options without a short form. */
enum { OPT_DB = 0x1000, OPT_NO_HEADER, OPT_COLOR };

static const struct option shared_opts[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"no-header", no_argument, NULL, OPT_NO_HEADER},
	{"color", required_argument, NULL, OPT_COLOR},
	{"colour", required_argument, NULL, OPT_COLOR},
};
#define NSHARED ((int)(sizeof shared_opts / sizeof shared_opts[0]))

const struct ev_cmd *ev_command(const char *name)
{
	for (int i = 0; ev_commands[i]; i++)
		if (strcmp(ev_commands[i]->name, name) == 0)
			return ev_commands[i];
	return NULL;
}

const struct ev_global_option ev_global_options[] = {
	{"--db", NULL, "PATH", "the database (default $EVIDENCE_DB, else ./evidence.db)"},
	{"--quiet", "-q", NULL, "print nothing but errors (and the requested data)"},
	{"--color", NULL, "WHEN", "colour verdicts: auto, always or never (NO_COLOR is honoured)"},
	{"--wait", NULL, "SECONDS", "wait at most SECONDS for another writer ($EVIDENCE_WAIT; default: no limit)"},
	{"--version", NULL, NULL, "print the version and exit"},
	{"--help", "-h", NULL, "print the overview of the commands and exit"},
	{NULL, NULL, NULL, NULL},
};

const char *ev_cli_suggest_command(const char *name)
{
	const char *names[256];
	size_t n = 0;
	for (; n < 256 && ev_commands[n]; n++)
		names[n] = ev_commands[n]->name;
	return ev_suggest(name, names, n);
}

static int terminal_width(void);

const char *ev_cli_kind_hint(const char *word, int with_link)
{
	static const char *const words[] = {"study", "claim", "article", "studies", "claims", "articles", "link", "links"};
	static const char *const singular[] = {"study", "claim", "article", "study", "claim", "article", "link", "link"};
	static char hint[64];
	const char *near = ev_suggest(word, words, with_link ? 8 : 6);
	hint[0] = '\0';
	for (int i = 0; near && i < 8; i++)
		if (near == words[i])
			snprintf(hint, sizeof hint, "; did you mean '%s'?", singular[i]);
	return hint;
}

/* Where the bundled demo data is: studies/ in the source tree, else where
 * `make install` put it; NULL when neither is there. */
static const char *demo_dir(void)
{
	if (access("studies/articles.csv", R_OK) == 0)
		return "studies";
	if (access(EV_DATADIR "/studies/articles.csv", R_OK) == 0)
		return EV_DATADIR "/studies";
	return NULL;
}

/* Prints one logical line s[0..n) fitted to `cols`: broken at spaces,
 * and going on under where its text starts: after the first gap of two
 * spaces ("name  description", "Database:  path"), else under its own
 * indentation. */
static void fit_line(FILE *fp, const char *s, size_t n, int cols)
{
	size_t lead = strspn(s, " "), indent = lead, off = 0, next;
	const char *gap = strstr(s + lead, "  ");
	if (gap && gap < s + n && (int)(gap - s) < cols / 2) {
		indent = (size_t)(gap - s) + strspn(gap, " ");
		if (indent >= n)
			indent = lead;
	}
	if (ev_utf8_width(s, n) <= (size_t)cols || (int)indent > cols / 2) {
		fprintf(fp, "%.*s\n", (int)n, s);
		return;
	}
	for (int first = 1; off < n; first = 0, off += next) {
		size_t room = (size_t)cols - (first ? 0 : indent);
		size_t len = ev_utf8_wrap(s + off, n - off, room, &next);
		fprintf(fp, "%*s%.*s\n", first ? 0 : (int)indent, "", (int)len, s + off);
		if (next == 0)
			break;
	}
}

/* A line of prose at the left margin, which a paragraph may go on from
 * or to: not empty, no "name  description" gap, not a heading ("Options:"). */
static int prose(const char *line, size_t n)
{
	if (n == 0 || line[0] == ' ' || (line[n - 1] == ':' && n < 30))
		return 0;
	const char *gap = strstr(line, "  ");
	return !gap || gap >= line + n;
}

/* Prints text (lines ending in '\n') fitted to `cols`. The fixed text of
 * the overview and of help is written for 80 columns; on a narrower
 * terminal it would break in the middle of words. A paragraph with a line
 * too wide is joined and broken again; other lines too wide are broken
 * on their own (fit_line). */
static void put_fitted(FILE *fp, const char *text, int cols)
{
	struct ev_buf para = EV_BUF_INIT;
	for (const char *line = text; *line;) {
		size_t n = strcspn(line, "\n");
		const char *end = line + n + (line[n] == '\n');
		/* A paragraph whose lines were broken for 80 columns is joined
		 * and broken again, when one of its lines is too wide. */
		int wide = ev_utf8_width(line, n) > (size_t)cols;
		ev_buf_reset(&para);
		ev_buf_addf(&para, "%.*s", (int)n, line);
		while (prose(line, n) && *end) {
			size_t m = strcspn(end, "\n");
			if (!prose(end, m))
				break;
			wide |= ev_utf8_width(end, m) > (size_t)cols;
			ev_buf_addf(&para, " %.*s", (int)m, end);
			end += m + (end[m] == '\n');
		}
		if (wide && cols >= 20)
			fit_line(fp, ev_buf_str(&para), para.len, cols);
		else
			fwrite(line, 1, (size_t)(end - line), fp);
		if (end > line && end[-1] != '\n')
			fputc('\n', fp);
		line = end;
	}
	ev_buf_free(&para);
}

static void overview_to(FILE *fp, const char *db_option, int cols);

void ev_cli_overview(FILE *fp, const char *db_option)
{
	int cols = isatty(fileno(fp)) ? terminal_width() : 0;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = cols ? open_memstream(&text, &len) : NULL;
	if (!mem) {
		overview_to(fp, db_option, 0);
		return;
	}
	overview_to(mem, db_option, cols);
	fclose(mem);
	put_fitted(fp, text, cols);
	free(text);
}

static void overview_to(FILE *fp, const char *db_option, int cols)
{
	struct stat sb;
	size_t wide = 0;
	for (int i = 0; ev_commands[i]; i++)
		if (strlen(ev_commands[i]->name) > wide)
			wide = strlen(ev_commands[i]->name);
	fprintf(fp,
		"evidence %s: how strongly do the studies support each claim?\n"
		"\n"
		"A citation database for fact-checkers, health writers and evidence reviewers:\n"
		"it links each claim of an article to the studies that bear on it, grades the\n"
		"evidence (GRADE-inspired, every step explained) and pools effects.\n"
		"\n"
		"Usage: evidence [--db PATH] [-q] [--color WHEN] COMMAND [OPTIONS] [ARGS]\n"
		"\n"
		"Commands:\n",
		EV_VERSION);
	/* On a terminal a long summary wraps under itself rather than where
	 * the terminal breaks it. */
	int indent = (int)wide + 4;
	for (int i = 0; ev_commands[i]; i++) {
		const char *sum = ev_commands[i]->summary;
		size_t n = strlen(sum), off = 0, next;
		fprintf(fp, "  %-*s  ", (int)wide, ev_commands[i]->name);
		if (cols < indent + 20 || (size_t)indent + ev_utf8_width(sum, n) <= (size_t)cols) {
			fprintf(fp, "%s\n", sum);
			continue;
		}
		for (int first = 1; off < n; first = 0, off += next) {
			size_t len = ev_utf8_wrap(sum + off, n - off, (size_t)(cols - indent), &next);
			fprintf(fp, "%*s%.*s\n", first ? 0 : indent, "", (int)len, sum + off);
		}
	}

	const char *path = ev_db_default_path(db_option), *env = getenv("EVIDENCE_DB");
	const char *from = db_option && *db_option ? "from --db"
			   : env && *env	     ? "from $EVIDENCE_DB"
						     : "set with --db PATH or $EVIDENCE_DB";
	fprintf(fp, "\nDatabase:  %s (%s%s)", path, stat(path, &sb) != 0 ? "not created yet; " : "", from);
	const char *demo = demo_dir();
	fprintf(fp,
		"\nDemo data: evidence import %s/*.csv\n"
		"           evidence query arterial-calcification\n"
		"More:      evidence help COMMAND, evidence COMMAND --help, man evidence\n",
		demo ? demo : "studies");
}

static void help_to(const struct ev_cmd *cmd, FILE *fp);

void ev_cli_help(const struct ev_cmd *cmd, FILE *fp)
{
	int cols = isatty(fileno(fp)) ? terminal_width() : 0;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = cols ? open_memstream(&text, &len) : NULL;
	if (!mem) {
		help_to(cmd, fp);
		return;
	}
	help_to(cmd, mem);
	fclose(mem);
	put_fitted(fp, text, cols);
	free(text);
}

static void help_to(const struct ev_cmd *cmd, FILE *fp)
{
	const char *help = cmd->help ? cmd->help : "";
	/* The entry's text is description, options, examples; the common
	 * options go after its own options and before the examples. */
	const char *ex = strncmp(help, "Examples:\n", 10) == 0 ? help : strstr(help, "\nExamples:\n");
	size_t head = ex ? (size_t)(ex - help) + (ex != help) : strlen(help);
	int own = strncmp(help, "Options:\n", 9) == 0 || strstr(help, "\nOptions:\n") != NULL;

	fprintf(fp, "evidence %s: %s\n\nUsage:\n%s\n", cmd->name, cmd->summary, cmd->usage);
	if (head) {
		fputc('\n', fp);
		fwrite(help, 1, head, fp);
		if (help[head - 1] != '\n')
			fputc('\n', fp);
		if (head < 2 || help[head - 2] != '\n')
			fputc('\n', fp);
	} else {
		fputc('\n', fp);
	}
	fputs(own ? "Common options:\n" : "Options:\n", fp);
	if (cmd->access != EV_DB_NONE)
		fputs("  --db PATH            the database (default $EVIDENCE_DB, else ./evidence.db)\n", fp);
	if (cmd->formats) {
		fputs("  -f, --format FORMAT  output format:", fp);
		for (int f = 0; f < EV_FMT_COUNT; f++)
			if (cmd->formats & EV_FMT_BIT(f))
				fprintf(fp, " %s", ev_format_names[f]);
		fprintf(fp, " (default %s)\n", ev_format_names[cmd->default_format]);
		fputs("  -o, --output FILE    write to FILE (replaced only when the command succeeds)\n", fp);
		if (cmd->formats & (EV_FMT_BIT(EV_FMT_CSV) | EV_FMT_BIT(EV_FMT_TSV)))
			fputs("  --no-header          csv/tsv: leave out the header row\n", fp);
		if (cmd->formats & EV_FMT_BIT(EV_FMT_TABLE))
			fputs("  --color WHEN         auto, always or never (NO_COLOR is honoured)\n", fp);
	}
	fputs("  -q, --quiet          print nothing but errors (and the requested data)\n", fp);
	fputs("  -h, --help           show this help\n", fp);
	if (ex)
		fprintf(fp, "\n%s", ex + (ex != help));
}

static void usage_to(const struct ev_cmd *cmd, FILE *fp)
{
	fprintf(fp, "usage:\n%s\nTry 'evidence %s --help' for more.\n", cmd->usage, cmd->name);
}

int ev_usage_error(struct ev_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	struct ev_buf b = EV_BUF_INIT;
	va_start(ap, fmt);
	ev_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ev_error("%s", ev_buf_str(&b));
	ev_buf_free(&b);
	usage_to(ctx->cmd, stderr);
	return EV_USAGE;
}

int ev_cli_parse(struct ev_ctx *ctx, int argc, char **argv, const char *shortopts,
		 const struct option *extra, int (*on_opt)(struct ev_ctx *ctx, void *ud, int val, const char *arg), void *ud,
		 int *first)
{
	int nextra = 0;
	*first = argc; /* set on every path: no operands until parsed */
	while (extra && extra[nextra].name)
		nextra++;
	struct option *opts = ev_xcalloc((size_t)(NSHARED + nextra + 1), sizeof *opts);
	memcpy(opts, shared_opts, sizeof shared_opts);
	if (nextra)
		memcpy(opts + NSHARED, extra, (size_t)nextra * sizeof *opts);
	/* Options may follow operands (`report ARTICLE --format html -o
	 * FILE`, as the help examples show): getopt_long moves the operands
	 * to the end. A lone "-" is never an option, and "--" still ends the
	 * options. ':' lets us word the missing-argument message ourselves. */
	char *so = ev_xasprintf(":f:o:qh%s", shortopts ? shortopts : "");
	int rc = 0, c;
	/* `evidence __complete`: hand the command's full option table to the
	 * completion engine, which prints candidates and exits. */
	if (ev_completing())
		ev_complete_command(ctx, opts, so);
	optind = 0; /* 0, not 1: makes glibc reinitialise, as main may have parsed before */
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			if (!*optarg) {
				rc = ev_usage_error(ctx, "--db: the path is empty");
				goto done;
			}
			ctx->db_path = optarg;
			break;
		case 'f': {
			int f = ev_lookup(ev_format_names, optarg);
			if (f < 0 || !(ctx->cmd->formats & EV_FMT_BIT(f))) {
				struct ev_buf m = EV_BUF_INIT;
				for (int i = 0; i < EV_FMT_COUNT; i++)
					if (ctx->cmd->formats & EV_FMT_BIT(i))
						ev_buf_addf(&m, "%s%s", m.len ? ", " : "", ev_format_names[i]);
				rc = ctx->cmd->formats ? ev_usage_error(ctx, "--format: '%s' is not one of %s", optarg, ev_buf_str(&m))
						       : ev_usage_error(ctx, "this command takes no --format");
				ev_buf_free(&m);
				goto done;
			}
			ctx->out.fmt = (enum ev_format)f;
			ctx->format_given = 1;
			break;
		}
		case 'o':
			if (!ctx->cmd->formats) {
				rc = ev_usage_error(ctx, "this command writes no output file");
				goto done;
			}
			ctx->output = optarg;
			break;
		case 'q':
			ev_quiet = 1;
			break;
		case 'h':
			ev_cli_help(ctx->cmd, stdout);
			free(opts);
			free(so);
			exit(fflush(stdout) == 0 ? EV_OK : EV_FAIL);
		case OPT_NO_HEADER:
			ctx->out.header = 0;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				ctx->color = EV_COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				ctx->color = EV_COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				ctx->color = EV_COLOR_NEVER;
			else {
				rc = ev_usage_error(ctx, "--color: '%s' is not one of auto, always, never", optarg);
				goto done;
			}
			break;
		case ':':
			rc = ev_usage_error(ctx, "option '%s' needs a value", argv[optind - 1]);
			goto done;
		case '?':
			if (optopt && optopt < 0x1000) {
				rc = ev_usage_error(ctx, "unknown option '-%c'", optopt);
			} else {
				/* A mistyped long option: suggest the nearest one. */
				const char *arg = argv[optind - 1], *names[256];
				size_t n = 0, len = strcspn(arg, "=");
				char *word = ev_xstrndup(arg, len);
				for (int i = 0; opts[i].name && n < 256; i++)
					names[n++] = opts[i].name;
				const char *near = strncmp(word, "--", 2) == 0 ? ev_suggest(word + 2, names, n) : NULL;
				if (near)
					rc = ev_usage_error(ctx, "unknown option '%s'; did you mean '--%s'?", word, near);
				else
					rc = ev_usage_error(ctx, "unknown option '%s'", word);
				free(word);
			}
			goto done;
		default:
			/* The command's own options. (Without a handler, rc was
			 * 0 and *first never set.) */
			rc = on_opt ? on_opt(ctx, ud, c, optarg) : EV_USAGE;
			if (rc != 0)
				goto done;
		}
	}
	*first = optind;
done:
	free(opts);
	free(so);
	if (rc == EV_USAGE)
		exit(EV_USAGE);
	return rc;
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	char *end;
	long n = cols ? strtol(cols, &end, 10) : 0;
	if (cols && *cols && !*end && n > 0 && n < 100000)
		return (int)n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* The name a path will have once its folder's symbolic links are
 * resolved: the canonical folder and the last component. NULL when the
 * folder does not exist. Allocated. */
static char *canonical_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? ev_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : ev_xstrdup(".");
	char *real = realpath(dir, NULL), *name = NULL;
	if (real)
		name = ev_xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real, slash ? slash + 1 : path);
	free(real);
	free(dir);
	return name;
}

/* True when a and b name the same file: the same device and inode when
 * both exist (hard links, symbolic links, ./ and ../ spellings), else the
 * same canonical name (a -wal that another process may create at any
 * moment is the same file as its name). */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *ca = canonical_name(a), *cb = canonical_name(b);
	int same = ca && cb && strcmp(ca, cb) == 0;
	free(ca);
	free(cb);
	return same;
}

int ev_cli_protected(const struct ev_ctx *ctx, const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	if (!ctx->cmd || ctx->cmd->access == EV_DB_NONE)
		return 0;
	const char *db = ev_db_default_path(ctx->db_path);
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		char *f = ev_xasprintf("%s%s", db, suffix[i]);
		int same = same_file(path, f);
		free(f);
		if (same)
			return 1;
	}
	return 0;
}

int ev_cli_reads(struct ev_ctx *ctx, const char *what, const char *path)
{
	if (!ctx->output || strcmp(ctx->output, "-") == 0 || strcmp(path, "-") == 0 || !same_file(path, ctx->output))
		return 0;
	return ev_error("%s: '%s' is also the output (-o): the command would write over what it reads", what, path);
}

/* Opens -o FILE for the command's output. A regular file (or a name not
 * yet taken) is written next to its final place and renamed over it on
 * success, so a failed command never leaves a truncated file; a symbolic
 * link keeps being a link (the file it points to is replaced). A device,
 * FIFO or socket is written into: replacing it with a regular file would
 * break the node (/dev/full, /dev/stdout, a FIFO whose reader waits). The
 * database and its -wal, -shm and -journal files are never an output. */
static int open_output(struct ev_ctx *ctx)
{
	struct stat sb;
	const char *path = ctx->output;
	char *dest = NULL;
	int fd = -1;
	if (ev_cli_protected(ctx, path))
		return ev_error("-o: '%s' is the database or one of its files; the output would destroy it", path);
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return ev_error("-o: '%s' is a directory", path);
		if (!S_ISREG(sb.st_mode)) {
			/* O_NOCTTY: a terminal named by -o must not become ours. */
			fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
			if (fd < 0 || !(ctx->out.fp = fdopen(fd, "w"))) {
				int r = ev_error("cannot write '%s': %s", path, strerror(errno));
				if (fd >= 0)
					close(fd);
				ctx->out.fp = stdout;
				return r;
			}
			ctx->output_direct = 1;
			return 0;
		}
		dest = realpath(path, NULL); /* through symbolic links */
	}
	ctx->output_dest = dest ? dest : ev_xstrdup(path);
	ctx->output_tmp = ev_xasprintf("%s.tmp-XXXXXX", ctx->output_dest);
	fd = mkstemp(ctx->output_tmp);
	mode_t mask = umask(0);
	umask(mask);
	if (fd >= 0)
		fchmod(fd, 0666 & ~mask); /* mkstemp's 0600 is not what the user expects */
	if (fd < 0 || !(ctx->out.fp = fdopen(fd, "w"))) {
		int r = ev_error("cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(ctx->output_tmp);
		}
		free(ctx->output_tmp);
		ctx->output_tmp = NULL;
		ctx->out.fp = stdout;
		return r;
	}
	return 0;
}

int ev_cli_open(struct ev_ctx *ctx)
{
	/* Completing a command line never runs the command: a command that
	 * got this far without handing over in ev_cli_parse opens nothing. */
	if (ev_completing())
		return -1;
	/* An empty EVIDENCE_DB is a mistake in a script, not a request for
	 * ./evidence.db: a usage error, like --db "" (exits, as ev_cli_parse
	 * does, before anything is opened). */
	const char *env = getenv("EVIDENCE_DB");
	if (ctx->cmd->access != EV_DB_NONE && !ctx->db_path && env && !*env)
		exit(ev_usage_error(ctx, "EVIDENCE_DB is set but empty; unset it or name a database"));
	int to_stdout = !ctx->output || strcmp(ctx->output, "-") == 0;
	int tty = to_stdout && isatty(STDOUT_FILENO);
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	/* Colour belongs to the table format, which people read: csv, json
	 * and markdown are read by programs, so even --color=always leaves
	 * them clean. On a terminal it is on unless NO_COLOR (no-color.org)
	 * or TERM=dumb says otherwise; --color=always overrides both, as the
	 * NO_COLOR convention asks of command-line flags. */
	ctx->out.color = ctx->out.fmt == EV_FMT_TABLE &&
			 (ctx->color == EV_COLOR_ALWAYS ||
			  (ctx->color == EV_COLOR_AUTO && tty && !(no_color && *no_color) &&
			   !(term && strcmp(term, "dumb") == 0)));
	/* Only a table on a terminal is fitted to its width; anything read by
	 * a program or saved to a file keeps every character. */
	ctx->out.width = tty && ctx->out.fmt == EV_FMT_TABLE ? terminal_width() : 0;

	if (ctx->output && strcmp(ctx->output, "-") != 0 && open_output(ctx))
		return EV_FAIL;
	if (ctx->cmd->access == EV_DB_NONE || ctx->db_open)
		return 0;
	if (ev_db_open(&ctx->db, ev_db_default_path(ctx->db_path), ctx->cmd->access))
		return EV_FAIL;
	ctx->db_open = 1;
	/* Writes queue the rows whose search entries are stale; every commit
	 * indexes the queue (model_search.c). */
	if (ctx->cmd->access != EV_DB_READ)
		ev_db_set_commit_hook(&ctx->db, ev_model_search_sync);
	/* A reading command sees one snapshot, whatever another process
	 * writes meanwhile, and takes the read lock once rather than for
	 * each of its statements (hundreds for a large topic). */
	if (ctx->cmd->access == EV_DB_READ && ev_db_begin_read(&ctx->db))
		return EV_FAIL;
	return 0;
}

/* The kind a curating command names first (argv[1] of "evidence VERB
 * KIND ..."): --help there prints the command's help and exits; nothing,
 * an option (`synopsis` shows the right order) or a word that is not a
 * kind is a usage error naming the kinds the command takes (study, claim,
 * article, and link when `with_link`). Returns the kind, which may be
 * EV_LINK either way (the caller says how links are done), or -1
 * (reported). */
static int kind_first(struct ev_ctx *ctx, int argc, char **argv, const char *verb, int with_link,
		      const char *synopsis)
{
	if (argc < 2) {
		ev_usage_error(ctx, "what to %s: %s", verb,
			       with_link ? "study, claim, article or link" : "study, claim or article");
		return -1;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		int first;
		ev_cli_parse(ctx, argc, argv, "", NULL, NULL, NULL, &first); /* prints help, exits */
	}
	if (argv[1][0] == '-') {
		ev_usage_error(ctx, "the kind comes first: evidence %s %s", verb, synopsis);
		return -1;
	}
	int k = ev_kind_word(argv[1]);
	if (k < 0)
		ev_usage_error(ctx, "'%s' is not one of %s%s", argv[1],
			       with_link ? "study, claim, article, link" : "study, claim, article",
			       ev_cli_kind_hint(argv[1], with_link));
	return k;
}

/* The kind word that is the first operand (`show study KEY`), taken off
 * the operands into a->kind. 0, or EV_USAGE (reported). */
static int end_write(struct ev_ctx *ctx, int rc);

static int kind_operand(struct ev_ctx *ctx, struct ev_args *a)
{
	int link = (ctx->cmd->kind_word & EV_KIND_LINK) != 0;
	int k = ev_kind_word(a->v[0]);
	if (k < 0 || (k == EV_LINK && !link))
		return ev_usage_error(ctx, "'%s' is not one of %s%s", a->v[0],
				      link ? "study, claim, article, link" : "study, claim, article",
				      ev_cli_kind_hint(a->v[0], link));
	a->kind = k;
	a->v++;
	a->n--;
	return 0;
}

/* Looks up the key the first operand names, as the entry declares.
 * 0, or EV_FAIL (reported, with the nearest key when there is one). */
static int resolve_key(struct ev_ctx *ctx, struct ev_args *a)
{
	static const int kinds[] = {
		[EV_RESOLVE_ARTICLE] = EV_ARTICLE,
		[EV_RESOLVE_STUDY] = EV_STUDY,
		[EV_RESOLVE_CLAIM] = EV_CLAIM,
		[EV_RESOLVE_TOPIC] = EV_KIND_COUNT, /* ev_model_find's word for a topic */
	};
	enum ev_resolve how = ctx->cmd->resolve;
	if (how == EV_RESOLVE_NONE || (how == EV_RESOLVE_KIND && a->kind == EV_LINK))
		return 0;
	enum ev_kind kind = (enum ev_kind)(how == EV_RESOLVE_KIND ? a->kind : kinds[how]);
	int found = ev_model_find(&ctx->db, kind, a->v[0], &a->id);
	if (found < 0)
		return EV_FAIL;
	return found ? 0 : ev_model_not_found(&ctx->db, kind, a->v[0]);
}

int ev_cli_commit(struct ev_ctx *ctx)
{
	return end_write(ctx, EV_OK);
}

/* Ends an EV_TXN_WRITE command's transaction: commits what succeeded
 * unless the command asked to discard it, and only then says what it did
 * (a dry run says what it would have done). Returns the exit code. */
static int end_write(struct ev_ctx *ctx, int rc)
{
	if (ctx->db_open && ctx->db.in_tx) {
		if (rc == EV_OK && !ctx->discard) {
			if (ev_db_commit(&ctx->db))
				rc = EV_FAIL;
		} else {
			ev_db_rollback(&ctx->db);
		}
	}
	if (rc == EV_OK && ctx->said.len)
		ev_note("%s", ev_buf_str(&ctx->said));
	ev_buf_reset(&ctx->said);
	return rc;
}

int ev_cli_run(struct ev_ctx *ctx, int argc, char **argv)
{
	const struct ev_cmd *cmd = ctx->cmd;
	struct ev_args a = {NULL, 0, -1, 0};
	const struct option *options = cmd->options;
	ctx->discard = 0; /* a context may run several commands (the fuzz harnesses) */
	void *state = cmd->state_size ? ev_xcalloc(1, cmd->state_size) : NULL;
	int rc = EV_USAGE, skip = 0, first;
	if (cmd->kind_word & EV_KIND_FIRST) {
		/* The options depend on the kind, so it comes before them. */
		a.kind = kind_first(ctx, argc, argv, cmd->name, (cmd->kind_word & EV_KIND_LINK) != 0, cmd->kind_synopsis);
		if (a.kind < 0)
			goto done;
		skip = 1;
	}
	if (cmd->init && (rc = cmd->init(ctx, state, a.kind, &options)) != 0)
		goto done;
	rc = EV_USAGE;
	if (ev_cli_parse(ctx, argc - skip, argv + skip, cmd->shortopts, options, cmd->option, state, &first))
		goto done;
	a.v = argv + skip + first;
	a.n = argc - skip - first;
	if (cmd->max_operands >= 0 && a.n > cmd->max_operands) {
		rc = ev_usage_error(ctx, "unexpected argument '%s'", a.v[cmd->max_operands]);
		goto done;
	}
	if (a.n < cmd->min_operands) {
		rc = ev_usage_error(ctx, "%s", cmd->missing);
		goto done;
	}
	if ((cmd->kind_word & EV_KIND_OPERAND) && !(cmd->kind_word & EV_KIND_FIRST) && kind_operand(ctx, &a))
		goto done;
	if (cmd->check && (rc = cmd->check(ctx, state, &a)) != 0)
		goto done;
	rc = EV_FAIL;
	/* A reading command reads one snapshot, which ev_cli_open takes when
	 * it opens the database; a database opened already (the fuzz
	 * harnesses run one command after another on one connection) gets
	 * one here, and gives it up after the command. */
	if (ev_cli_open(ctx) || (cmd->access == EV_DB_READ && ev_db_begin_read(&ctx->db)) ||
	    (cmd->txn == EV_TXN_WRITE && ev_db_begin(&ctx->db)) || resolve_key(ctx, &a))
		goto done;
	rc = cmd->run(ctx, state, &a);
done:
	if (rc < 0) /* a failure from below the command line, reported there */
		rc = EV_FAIL;
	if (cmd->txn == EV_TXN_WRITE)
		rc = end_write(ctx, rc);
	else if (cmd->access == EV_DB_READ && ctx->db_open && ctx->db.in_tx)
		ev_db_rollback(&ctx->db);
	if (cmd->release)
		cmd->release(state);
	free(state);
	ev_buf_free(&ctx->said);
	return rc;
}

int ev_cli_now(char *iso, size_t size)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t now;
	if (env && *env) {
		/* The reproducible-builds convention: a malformed value is an
		 * error, not a silent fall back to the clock. */
		char *end;
		errno = 0;
		long long v = strtoll(env, &end, 10);
		if (errno || *end || v < 0 || *env < '0' || *env > '9' || (long long)(time_t)v != v)
			return ev_error("SOURCE_DATE_EPOCH: '%s' is not a number of seconds since 1970", env);
		now = (time_t)v;
	} else {
		now = time(NULL);
	}
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(iso, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return ev_error("SOURCE_DATE_EPOCH: '%s' is not a date this system can write", env ? env : "");
	return 0;
}

const char *ev_cli_db_name(const struct ev_ctx *ctx)
{
	const char *path = ctx->db.path;
	if (!path)
		return NULL;
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}
