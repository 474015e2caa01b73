/*
 * model_audit.c: entity SQL for the article audit (see model_audit.h).
 */
#include "model_audit.h"

#include <stdlib.h>

#include "util.h"

int ev_model_all_studies(struct ev_db *db, struct ev_ids *out)
{
	static const char sql[] = "SELECT id FROM studies ORDER BY key";
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	return st ? ev_model_collect_ids(db, st, out) : -1;
}
