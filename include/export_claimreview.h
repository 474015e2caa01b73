/*
 * export_claimreview.h: the ClaimReview output of `evidence export`.
 */
#ifndef EV_EXPORT_CLAIMREVIEW_H
#define EV_EXPORT_CLAIMREVIEW_H

#include <stddef.h>

#include "claimreview.h"
#include "cli.h"

/* Fills the reviewer ($USER, as a person unless type_given) and the date
 * (today, UTC, written into today[size]) where the options left them out. */
void ev_cr_defaults(struct ev_cr_options *o, int type_given, char *today, size_t size);

/* Writes the ClaimReview JSON-LD of every claim of article `key` to the
 * command's output. EV_OK or EV_FAIL (reported). */
int ev_export_claimreview(struct ev_ctx *ctx, const char *key, const struct ev_cr_options *opt);

#endif
