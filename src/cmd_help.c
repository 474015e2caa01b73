/*
 * cmd_help.c: `evidence help [COMMAND]`: the overview (the same as
 * `evidence` alone), or one command's full help (the same text as
 * `evidence COMMAND --help`).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

static int cmd_help(struct ev_ctx *ctx, void *state, const struct ev_args *a)
{
	(void)state;
	if (!a->n) {
		ev_cli_overview(stdout, ctx->db_path);
		return EV_OK;
	}
	const struct ev_cmd *cmd = ev_command(a->v[0]);
	if (!cmd) {
		const char *near = ev_cli_suggest_command(a->v[0]);
		if (near)
			return ev_usage_error(ctx, "no command '%s'; did you mean '%s'?", a->v[0], near);
		return ev_usage_error(ctx, "no command '%s'", a->v[0]);
	}
	ev_cli_help(cmd, stdout);
	return EV_OK;
}

const struct ev_cmd ev_cmd_help = {
	.name = "help",
	.summary = "list the commands, or show one command's options and examples",
	.usage = "  evidence help [COMMAND]",
	.help = "With no COMMAND, prints the overview: the commands, where the database is\n"
		"and how to load the demo data (the same as 'evidence' alone). With a COMMAND,\n"
		"prints its usage, every option and examples (the same as 'evidence COMMAND\n"
		"--help'). The full manual is 'man evidence'.\n"
		"\n"
		"Examples:\n"
		"  evidence help\n"
		"  evidence help import\n",
	.access = EV_DB_NONE,
	.formats = 0,
	.max_operands = 1,
	.run = cmd_help,
};
