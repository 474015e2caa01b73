/*
 * cmd_export_claimreview.h: the ClaimReview output of `evidence export`.
 */
#ifndef EV_CMD_EXPORT_CLAIMREVIEW_H
#define EV_CMD_EXPORT_CLAIMREVIEW_H

#include <stddef.h>

#include "claimreview.h"
#include "cli.h"

/* Fills the date when the options left it out: the day of `now` (an ISO
 * 8601 UTC time, as ev_cli_now writes it: today, or SOURCE_DATE_EPOCH's
 * day as the report's footer, so a rebuilt site gives the same bytes),
 * written into today[size]. The reviewer and url are required by the
 * command; type_given is kept for callers (a reviewer is an organization
 * unless said). */
void ev_cr_defaults(struct ev_cr_options *o, int type_given, const char *now, char *today, size_t size);

/* A database's ClaimReview settings (`evidence init --reviewer NAME
 * --review-url URL ...`, migration 009), read into room that outlives the
 * export: the sizes hold the longest values the schema allows (1,000 and
 * 2,000 characters of up to four bytes), so nothing is cut. */
struct ev_cr_settings {
	char reviewer[4001], reviewer_type[16], reviewer_url[8001], review_url[8001];
};

/* Fills what the command line left out of o from the database's
 * settings: the review url, and the reviewer when not given, with the
 * reviewer's type (unless type_given) and url, which belong to the stored
 * reviewer and not to one given on the command line. 0 or -1 (reported). */
int ev_cr_from_settings(struct ev_db *db, struct ev_cr_options *o, int type_given, struct ev_cr_settings *s);

/* Writes the ClaimReview JSON-LD of every claim of article `key` to the
 * command's output. EV_OK or EV_FAIL (reported). */
int ev_export_claimreview(struct ev_ctx *ctx, const char *key, const struct ev_cr_options *opt);

#endif
