/*
 * cmd_help.c: `evidence help [COMMAND]`: the overview, or one command's
 * full help (the same text as `evidence COMMAND --help`).
 */
#include <stdio.h>

#include "cli.h"
#include "util.h"

static int run(struct ev_ctx *ctx, int argc, char **argv)
{
	int first;
	if (ev_cli_parse(ctx, argc, argv, "", NULL, NULL, NULL, &first))
		return EV_USAGE;
	if (first >= argc) {
		fputs("Commands:\n", stdout);
		for (int i = 0; ev_commands[i]; i++)
			printf("  %-10s %s\n", ev_commands[i]->name, ev_commands[i]->summary);
		fputs("\nevidence help COMMAND shows a command's options and examples.\n", stdout);
		return EV_OK;
	}
	if (first + 1 < argc)
		return ev_usage_error(ctx, "unexpected argument '%s'", argv[first + 1]);
	const struct ev_cmd *cmd = ev_command(argv[first]);
	if (!cmd) {
		const char *names[64];
		size_t n = 0;
		for (; n < 64 && ev_commands[n]; n++)
			names[n] = ev_commands[n]->name;
		const char *near = ev_suggest(argv[first], names, n);
		if (near)
			return ev_usage_error(ctx, "no command '%s'; did you mean '%s'?", argv[first], near);
		return ev_usage_error(ctx, "no command '%s'", argv[first]);
	}
	ev_cli_help(cmd, stdout);
	return EV_OK;
}

const struct ev_cmd ev_cmd_help = {
	.name = "help",
	.summary = "list the commands, or show one command's options and examples",
	.usage = "  evidence help [COMMAND]",
	.help = "Examples:\n"
		"  evidence help\n"
		"  evidence help import\n",
	.access = EV_DB_NONE,
	.formats = 0,
	.run = run,
};
