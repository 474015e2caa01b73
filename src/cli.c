/*
 * cli.c: option parsing shared by every command, opening what a command
 * needs, and help text.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain.h"
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

void ev_cli_help(const struct ev_cmd *cmd, FILE *fp)
{
	fprintf(fp, "evidence %s: %s\n\nUsage:\n%s\n", cmd->name, cmd->summary, cmd->usage);
	if (cmd->help && *cmd->help)
		fprintf(fp, "\n%s", cmd->help);
	fputs("\nCommon options:\n", fp);
	if (cmd->access != EV_DB_NONE)
		fputs("  --db PATH            the database (default $EVIDENCE_DB, else ./evidence.db)\n", fp);
	if (cmd->formats) {
		fputs("  -f, --format FORMAT  output format:", fp);
		for (int f = 0; f < EV_FMT_COUNT; f++)
			if (cmd->formats & EV_FMT_BIT(f))
				fprintf(fp, " %s", ev_format_names[f]);
		fputs(" (default table)\n", fp);
		fputs("  -o, --output FILE    write to FILE (replaced only when the command succeeds)\n", fp);
		fputs("  --no-header          csv/tsv: leave out the header row\n", fp);
		fputs("  --color WHEN         auto, always or never (NO_COLOR is honoured)\n", fp);
	}
	fputs("  -q, --quiet          print nothing but errors (and the requested data)\n", fp);
	fputs("  -h, --help           show this help\n", fp);
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
		 const struct option *extra, int (*on_opt)(void *ud, int val, const char *arg), void *ud,
		 int *first)
{
	int nextra = 0;
	while (extra && extra[nextra].name)
		nextra++;
	struct option *opts = ev_xcalloc((size_t)(NSHARED + nextra + 1), sizeof *opts);
	memcpy(opts, shared_opts, sizeof shared_opts);
	if (nextra)
		memcpy(opts + NSHARED, extra, (size_t)nextra * sizeof *opts);
	/* Options may follow operands ("report ARTICLE --format html"), as
	 * GNU getopt permutes them; ':' lets us word the missing-argument
	 * message ourselves. */
	char *so = ev_xasprintf(":f:o:qh%s", shortopts ? shortopts : "");
	int rc = 0, c;
	optind = 0; /* 0, not 1: makes glibc reinitialise, as main may have parsed before */
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
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
			if (optopt && optopt < 0x1000)
				rc = ev_usage_error(ctx, "unknown option '-%c'", optopt);
			else
				rc = ev_usage_error(ctx, "unknown option '%s'", argv[optind - 1]);
			goto done;
		default:
			if (!on_opt || (rc = on_opt(ud, c, optarg)) != 0)
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

int ev_cli_open(struct ev_ctx *ctx)
{
	int tty = !ctx->output && isatty(STDOUT_FILENO);
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	ctx->out.color = ctx->color == EV_COLOR_ALWAYS ||
			 (ctx->color == EV_COLOR_AUTO && tty && !(no_color && *no_color) &&
			  !(term && strcmp(term, "dumb") == 0));
	/* Only a table on a terminal is fitted to its width; anything read by
	 * a program or saved to a file keeps every character. */
	ctx->out.width = tty && ctx->out.fmt == EV_FMT_TABLE ? terminal_width() : 0;

	if (ctx->output && strcmp(ctx->output, "-") != 0) {
		/* Write next to the target and rename on success, so a failed
		 * command never leaves a truncated file in its place. */
		ctx->output_tmp = ev_xasprintf("%s.tmp-XXXXXX", ctx->output);
		int fd = mkstemp(ctx->output_tmp);
		mode_t mask = umask(0);
		umask(mask);
		if (fd >= 0)
			fchmod(fd, 0666 & ~mask); /* mkstemp's 0600 is not what the user expects */
		if (fd < 0 || !(ctx->out.fp = fdopen(fd, "w"))) {
			int r = ev_error("cannot write '%s': %s", ctx->output, strerror(errno));
			if (fd >= 0)
				close(fd);
			free(ctx->output_tmp);
			ctx->output_tmp = NULL;
			ctx->out.fp = stdout;
			return r;
		}
	}
	if (ctx->cmd->access == EV_DB_NONE || ctx->db_open)
		return 0;
	if (ev_db_open(&ctx->db, ev_db_default_path(ctx->db_path), ctx->cmd->access))
		return EV_FAIL;
	ctx->db_open = 1;
	return 0;
}
