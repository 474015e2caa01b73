/*
 * main.c: global options, the command table, dispatch and the exit
 * status. Commands live one per file in cmd_<name>.c.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

#ifndef EV_VERSION
#define EV_VERSION "0.1.0"
#endif

extern const struct ev_cmd ev_cmd_explain, ev_cmd_help, ev_cmd_import, ev_cmd_init, ev_cmd_query,
	ev_cmd_report, ev_cmd_show, ev_cmd_topics;

/* In name order; `evidence` lists them in this order. */
const struct ev_cmd *const ev_commands[] = {
	&ev_cmd_explain, &ev_cmd_help, &ev_cmd_import, &ev_cmd_init, &ev_cmd_query,
	&ev_cmd_report,	 &ev_cmd_show, &ev_cmd_topics, NULL,
};

static void overview(FILE *fp)
{
	fputs("evidence: how strongly do the studies support each claim?\n"
	      "\n"
	      "A citation database for fact-checkers and evidence reviewers: it links each\n"
	      "claim of an article to the studies that bear on it, grades the evidence\n"
	      "(GRADE-inspired, every step explained), pools effects, and exports citations.\n"
	      "\n"
	      "Usage: evidence [--db PATH] [-q] [--color WHEN] COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "Commands:\n",
	      fp);
	for (int i = 0; ev_commands[i]; i++)
		fprintf(fp, "  %-10s %s\n", ev_commands[i]->name, ev_commands[i]->summary);
	fprintf(fp,
		"\n"
		"Database: %s (set with --db PATH or $EVIDENCE_DB)\n"
		"Demo data: evidence import studies/*.csv && evidence query arterial-calcification\n"
		"More: evidence help COMMAND, evidence COMMAND --help, man evidence\n",
		ev_db_default_path(NULL));
}

static int global_usage(const char *what, const char *arg)
{
	ev_set_command(NULL);
	ev_error("%s '%s'", what, arg);
	fputs("usage: evidence [--db PATH] [-q] [--color WHEN] COMMAND [OPTIONS] [ARGS]\n"
	      "Try 'evidence help' for the list of commands.\n",
	      stderr);
	return EV_USAGE;
}

/* Flushes and closes the command's output, turning a write error (full
 * disk, closed pipe) into a failure rather than silent truncation, and
 * moves an -o file into place only when the command succeeded. */
static int finish_output(struct ev_ctx *ctx, int rc)
{
	FILE *fp = ctx->out.fp;
	int bad = fflush(fp) != 0 || ferror(fp);
	if (bad && rc == EV_OK)
		rc = ev_error("cannot write the output: %s", strerror(errno ? errno : EIO));
	if (ctx->output_tmp) {
		if (fclose(fp) != 0 && rc == EV_OK)
			rc = ev_error("cannot write '%s': %s", ctx->output, strerror(errno));
		if (rc == EV_OK && rename(ctx->output_tmp, ctx->output) != 0)
			rc = ev_error("cannot write '%s': %s", ctx->output, strerror(errno));
		if (rc != EV_OK)
			unlink(ctx->output_tmp);
		free(ctx->output_tmp);
		ctx->output_tmp = NULL;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct ev_ctx ctx;
	int i = 1;

	/* Character classes and widths from a UTF-8 locale; numbers and
	 * messages stay in the C locale. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");

	/* Past a file size limit (ulimit -f) the kernel would kill the process
	 * mid-write; ignored, the write fails with EFBIG instead, SQLite rolls
	 * the transaction back and the user gets a message. */
	signal(SIGXFSZ, SIG_IGN);

	memset(&ctx, 0, sizeof ctx);
	ctx.out.fmt = EV_FMT_TABLE;
	ctx.out.fp = stdout;
	ctx.out.header = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (strcmp(a, "--version") == 0) {
			printf("evidence %s (SQLite %s)\n", EV_VERSION, sqlite3_libversion());
			return fflush(stdout) == 0 ? EV_OK : EV_FAIL;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			overview(stdout);
			return fflush(stdout) == 0 ? EV_OK : EV_FAIL;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			ev_quiet = 1;
		} else if (strcmp(a, "--db") == 0 || strncmp(a, "--db=", 5) == 0) {
			if (a[4] == '=')
				ctx.db_path = a + 5;
			else if (i + 1 < argc)
				ctx.db_path = argv[++i];
			else
				return global_usage("a value is needed for option", a);
		} else if (strcmp(a, "--color") == 0 || strncmp(a, "--color=", 8) == 0) {
			const char *w = a[7] == '=' ? a + 8 : i + 1 < argc ? argv[++i] : NULL;
			if (!w)
				return global_usage("a value is needed for option", a);
			if (strcmp(w, "always") == 0)
				ctx.color = EV_COLOR_ALWAYS;
			else if (strcmp(w, "never") == 0)
				ctx.color = EV_COLOR_NEVER;
			else if (strcmp(w, "auto") == 0)
				ctx.color = EV_COLOR_AUTO;
			else
				return global_usage("--color takes auto, always or never, not", w);
		} else {
			return global_usage("unknown option", a);
		}
	}
	if (i >= argc) {
		overview(stdout);
		return fflush(stdout) == 0 ? EV_OK : EV_FAIL;
	}

	ctx.cmd = ev_command(argv[i]);
	if (!ctx.cmd) {
		const char *names[sizeof ev_commands / sizeof ev_commands[0]];
		size_t n = 0;
		for (; ev_commands[n]; n++)
			names[n] = ev_commands[n]->name;
		const char *near = ev_suggest(argv[i], names, n);
		ev_set_command(NULL);
		if (near)
			ev_error("unknown command '%s'; did you mean '%s'?", argv[i], near);
		else
			ev_error("unknown command '%s'", argv[i]);
		fputs("Try 'evidence help' for the list of commands.\n", stderr);
		return EV_USAGE;
	}
	ev_set_command(ctx.cmd->name);
	int rc = ctx.cmd->run(&ctx, argc - i, argv + i);
	if (ctx.db_open && rc == EV_OK && ev_db_check_unchanged(&ctx.db))
		rc = EV_FAIL;
	if (ctx.db_open && rc != EV_OK)
		ev_db_discard(&ctx.db);
	else if (ctx.db_open)
		ev_db_close(&ctx.db);
	return finish_output(&ctx, rc);
}
