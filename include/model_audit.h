/*
 * model_audit.h: the reads the article audit needs beyond model.h: every
 * study, to find the one an article names and the ones its details
 * resemble.
 */
#ifndef EV_MODEL_AUDIT_H
#define EV_MODEL_AUDIT_H

#include "model.h"

/* Row ids of every study, in key order. 0 or -1 (reported). Free with
 * ev_ids_free. */
int ev_model_all_studies(struct ev_db *db, struct ev_ids *out);

#endif
