/*
 * model_audit.c: entity SQL for the article audit (see model_audit.h).
 */
#include "model_audit.h"

#include <stdlib.h>

#include "util.h"

int ev_model_all_studies(struct ev_db *db, struct ev_ids *out)
{
	static const char sql[] = "SELECT id FROM studies ORDER BY key";
	int cap = 0, rc;
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	while ((rc = ev_db_step(db, st, "listing studies")) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->v = ev_xrealloc(out->v, (size_t)cap * sizeof *out->v);
		}
		out->v[out->n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ev_ids_free(out);
		return -1;
	}
	return 0;
}
