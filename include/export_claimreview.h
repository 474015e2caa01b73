/*
 * export_claimreview.h: the ClaimReview output of `evidence export`.
 */
#ifndef EV_EXPORT_CLAIMREVIEW_H
#define EV_EXPORT_CLAIMREVIEW_H

#include <stddef.h>

#include "claimreview.h"
#include "cli.h"

/* Fills the date (today in UTC, or SOURCE_DATE_EPOCH's day, written into
 * today[size]) when the options left it out: 0, or -1 when
 * SOURCE_DATE_EPOCH is malformed (reported). The reviewer and url are required by the command; type_given
 * is kept for callers (a reviewer is an organization unless said). */
int ev_cr_defaults(struct ev_cr_options *o, int type_given, char *today, size_t size);

/* Writes the ClaimReview JSON-LD of every claim of article `key` to the
 * command's output. EV_OK or EV_FAIL (reported). */
int ev_export_claimreview(struct ev_ctx *ctx, const char *key, const struct ev_cr_options *opt);

#endif
