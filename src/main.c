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
#include "complete.h"
#include "db.h"
#include "manpage.h"
#include "util.h"

#ifndef EV_VERSION
#define EV_VERSION "0.1.0"
#endif

extern const struct ev_cmd ev_cmd_add;
extern const struct ev_cmd ev_cmd_audit;
extern const struct ev_cmd ev_cmd_diff;
extern const struct ev_cmd ev_cmd_dump;
extern const struct ev_cmd ev_cmd_edit;
extern const struct ev_cmd ev_cmd_explain;
extern const struct ev_cmd ev_cmd_export;
extern const struct ev_cmd ev_cmd_gaps;
extern const struct ev_cmd ev_cmd_help;
extern const struct ev_cmd ev_cmd_import;
extern const struct ev_cmd ev_cmd_init;
extern const struct ev_cmd ev_cmd_link;
extern const struct ev_cmd ev_cmd_log;
extern const struct ev_cmd ev_cmd_meta;
extern const struct ev_cmd ev_cmd_plot;
extern const struct ev_cmd ev_cmd_query;
extern const struct ev_cmd ev_cmd_report;
extern const struct ev_cmd ev_cmd_rm;
extern const struct ev_cmd ev_cmd_search;
extern const struct ev_cmd ev_cmd_show;
extern const struct ev_cmd ev_cmd_site;
extern const struct ev_cmd ev_cmd_sof;
extern const struct ev_cmd ev_cmd_studies;
extern const struct ev_cmd ev_cmd_topics;
extern const struct ev_cmd ev_cmd_undo;

/* In name order; `evidence` lists them in this order. */
const struct ev_cmd *const ev_commands[] = {
	&ev_cmd_add,
	&ev_cmd_audit,
	&ev_cmd_diff,
	&ev_cmd_dump,
	&ev_cmd_edit,
	&ev_cmd_explain,
	&ev_cmd_export,
	&ev_cmd_gaps,
	&ev_cmd_help,
	&ev_cmd_import,
	&ev_cmd_init,
	&ev_cmd_link,
	&ev_cmd_log,
	&ev_cmd_meta,
	&ev_cmd_plot,
	&ev_cmd_query,
	&ev_cmd_report,
	&ev_cmd_rm,
	&ev_cmd_search,
	&ev_cmd_show,
	&ev_cmd_site,
	&ev_cmd_sof,
	&ev_cmd_studies,
	&ev_cmd_topics,
	&ev_cmd_undo,
	NULL,
};

static int global_usage(const char *what, const char *arg)
{
	ev_set_command(NULL);
	ev_error("%s '%s'", what, arg);
	fputs("usage: evidence [--db PATH] [-q] [--color WHEN] COMMAND [OPTIONS] [ARGS]\n"
	      "Try 'evidence help' for the list of commands.\n",
	      stderr);
	return EV_USAGE;
}

/* An unknown option before the command: one of the commands' own options
 * put too early (`evidence --format json query T`) says where it goes;
 * a misspelt global option (--colour, --qiet) gets the nearest one. */
static int unknown_global(int argc, char **argv, int i)
{
	const char *arg = argv[i];
	static const char *const command_opts[] = {"--format", "-f", "--output", "-o", "--no-header"};
	const char *names[16];
	size_t n = 0, len = strcspn(arg, "=");
	for (size_t k = 0; k < sizeof command_opts / sizeof command_opts[0]; k++)
		if (strlen(command_opts[k]) == len && strncmp(arg, command_opts[k], len) == 0) {
			/* The same line with the option (and its value) moved to the end. */
			int valued = strcmp(arg, "--no-header") != 0 && !arg[len] && i + 1 < argc;
			struct ev_buf b = EV_BUF_INIT;
			ev_buf_adds(&b, "evidence");
			for (int j = 1; j < argc; j++)
				if (j != i && !(valued && j == i + 1))
					ev_buf_addf(&b, " %s", argv[j]);
			ev_buf_addf(&b, " %s%s%s", arg, valued ? " " : "", valued ? argv[i + 1] : "");
			ev_set_command(NULL);
			ev_error("'%.*s' is an option of the command: it goes after the command's name, as in '%s'",
				 (int)len, arg, ev_buf_str(&b));
			ev_buf_free(&b);
			return EV_USAGE;
		}
	for (const struct ev_global_option *g = ev_global_options; g->name && n < 16; g++)
		names[n++] = g->name + 2;
	char *word = ev_xstrndup(arg, len);
	const char *near = strncmp(word, "--", 2) == 0 ? ev_suggest(word + 2, names, n) : NULL;
	int rc;
	if (near) {
		ev_set_command(NULL);
		ev_error("unknown option '%s'; did you mean '--%s'?", word, near);
		fputs("usage: evidence [--db PATH] [-q] [--color WHEN] COMMAND [OPTIONS] [ARGS]\n"
		      "Try 'evidence help' for the list of commands.\n",
		      stderr);
		rc = EV_USAGE;
	} else {
		rc = global_usage("unknown option", word);
	}
	free(word);
	return rc;
}

/* Flushes and closes the command's output, turning a write error (full
 * disk, closed pipe) into a failure rather than silent truncation, and
 * moves an -o file into place only when the command succeeded. A check
 * that found problems (EV_FOUND) succeeded: its report is the output. */
static int finish_output(struct ev_ctx *ctx, int rc)
{
	FILE *fp = ctx->out.fp;
	int bad = fflush(fp) != 0 || ferror(fp);
#define EV_DONE(rc) ((rc) == EV_OK || (rc) == EV_FOUND)
	if (bad && EV_DONE(rc))
		rc = ev_error("cannot write the output: %s", strerror(errno ? errno : EIO));
	if (ctx->output_tmp) {
		if (fclose(fp) != 0 && EV_DONE(rc))
			rc = ev_error("cannot write '%s': %s", ctx->output, strerror(errno));
		if (EV_DONE(rc) && rename(ctx->output_tmp, ctx->output_dest) != 0)
			rc = ev_error("cannot write '%s': %s", ctx->output, strerror(errno));
		if (!EV_DONE(rc))
			unlink(ctx->output_tmp);
		free(ctx->output_tmp);
		free(ctx->output_dest);
		ctx->output_tmp = ctx->output_dest = NULL;
	} else if (ctx->output_direct && fclose(fp) != 0 && EV_DONE(rc)) {
		rc = ev_error("cannot write '%s': %s", ctx->output, strerror(errno));
	}
#undef EV_DONE
	return rc;
}

/* The process's exit status for a result: a -1 from below the command
 * line (ev_error's, already reported) is a failure. */
static int exit_status(int rc) { return rc < 0 ? EV_FAIL : rc; }

/* Sets ev_db_wait_ms from a number of whole seconds (0: do not wait).
 * 0, or -1 when s is not such a number. */
static int set_wait(const char *s)
{
	long v = 0;
	if (!*s || strlen(s) > 7)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	ev_db_wait_ms = v * 1000;
	return 0;
}

/* SIGXFSZ: a write went past the file size limit; it fails with EFBIG
 * once this returns. Remembered for the message (db.h). */
static void on_file_limit(int sig)
{
	(void)sig;
	ev_db_file_limit_hit = 1;
}

int main(int argc, char **argv)
{
	struct ev_ctx ctx;
	int i = 1, wait_given = 0;

	/* Character classes and widths from a UTF-8 locale; numbers and
	 * messages stay in the C locale. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");

	/* Past a file size limit (ulimit -f) the kernel would kill the process
	 * mid-write; caught, the write fails with EFBIG instead, SQLite rolls
	 * the transaction back and the user gets a message saying so. With
	 * sigaction, not signal(): in strict C11 glibc's signal() restores
	 * the default after one delivery, and the next write past the limit
	 * (SQLite tries more than one) killed the process. */
	struct sigaction xfsz;
	memset(&xfsz, 0, sizeof xfsz);
	xfsz.sa_handler = on_file_limit;
	sigemptyset(&xfsz.sa_mask);
	sigaction(SIGXFSZ, &xfsz, NULL);

	/* Internal commands for the completion scripts and the build; not in
	 * the table, so never listed (docs/cli.md). */
	if (argc > 1 && strcmp(argv[1], "__complete") == 0)
		return exit_status(ev_complete_main(argc - 2, argv + 2));
	if (argc > 1 && strcmp(argv[1], "__man") == 0)
		return exit_status(ev_man_main(argc - 2, argv + 2));

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
			ev_cli_overview(stdout, ctx.db_path);
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
			if (!*ctx.db_path)
				return global_usage("the path is empty for option", "--db");
		} else if (strcmp(a, "--wait") == 0 || strncmp(a, "--wait=", 7) == 0) {
			const char *w = a[6] == '=' ? a + 7 : i + 1 < argc ? argv[++i] : NULL;
			if (!w)
				return global_usage("a value is needed for option", a);
			if (set_wait(w))
				return global_usage("--wait takes a number of seconds, not", w);
			wait_given = 1;
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
			return unknown_global(argc, argv, i);
		}
	}
	const char *wait_env = getenv("EVIDENCE_WAIT");
	if (!wait_given && wait_env && *wait_env && set_wait(wait_env))
		return global_usage("EVIDENCE_WAIT takes a number of seconds, not", wait_env);
	if (i >= argc) {
		ev_cli_overview(stdout, ctx.db_path);
		return fflush(stdout) == 0 ? EV_OK : EV_FAIL;
	}

	ctx.cmd = ev_command(argv[i]);
	if (!ctx.cmd) {
		const char *near = ev_cli_suggest_command(argv[i]);
		ev_set_command(NULL);
		if (near)
			ev_error("unknown command '%s'; did you mean '%s'?", argv[i], near);
		else
			ev_error("unknown command '%s'", argv[i]);
		fputs("Try 'evidence help' for the list of commands.\n", stderr);
		return EV_USAGE;
	}
	ctx.out.fmt = ctx.cmd->default_format;
	ev_set_command(ctx.cmd->name);
	ev_db_set_origin(argc, argv); /* history records the command line */
	int rc = ev_cli_run(&ctx, argc - i, argv + i);
	if (ctx.db_open && rc == EV_OK && ev_db_check_unchanged(&ctx.db))
		rc = EV_FAIL;
	if (ctx.db_open && rc != EV_OK)
		ev_db_discard(&ctx.db);
	else if (ctx.db_open)
		ev_db_close(&ctx.db);
	return exit_status(finish_output(&ctx, rc));
}
