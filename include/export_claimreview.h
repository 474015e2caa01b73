/*
 * export_claimreview.h: the ClaimReview output of `evidence export`.
 */
#ifndef EV_EXPORT_CLAIMREVIEW_H
#define EV_EXPORT_CLAIMREVIEW_H

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

/* Writes the ClaimReview JSON-LD of every claim of article `key` to the
 * command's output. EV_OK or EV_FAIL (reported). */
int ev_export_claimreview(struct ev_ctx *ctx, const char *key, const struct ev_cr_options *opt);

#endif
