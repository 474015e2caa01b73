/*
 * manpage.h: the generated parts of the man page. docs/evidence.1 is
 * written by hand except for sections between marker comments
 *     .\" BEGIN GENERATED SECTION commands
 *     .\" END GENERATED SECTION
 * which `evidence __man` fills from the command table (usage, help text),
 * the global option table and the CSV field tables. So a new command or
 * column reaches the man page with `make man`, and a test fails while the
 * checked-in page is stale.
 */
#ifndef EV_MANPAGE_H
#define EV_MANPAGE_H

/* `evidence __man`: reads a man page on stdin and writes it to stdout
 * with every generated section filled in. `evidence __man NAME` prints
 * just section NAME (commands, columns, global-options). Returns 0, 1 on
 * a bad page or unknown section (reported), 2 on misuse. */
int ev_man_main(int argc, char **argv);

#endif
