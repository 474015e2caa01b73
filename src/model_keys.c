/*
 * model_keys.c: keys with labels, for completion. The label is what tells
 * two similar keys apart when a person picks one from a menu.
 */
#include "model_keys.h"

#include <string.h>

static const char *const keys_sql[] = {
	/* articles */
	"SELECT key, title FROM articles WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
	/* studies */
	"SELECT key, coalesce(year || ' ', '') || coalesce(design || ': ', '') || title FROM studies "
	"WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
	/* claims */
	"SELECT key, text FROM claims WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
	/* links have no key */
	NULL,
	/* topics */
	"SELECT t.key, count(ct.claim_id) || CASE count(ct.claim_id) WHEN 1 THEN ' claim' ELSE ' claims' END "
	"FROM topics t LEFT JOIN claim_topics ct ON ct.topic_id = t.id "
	"WHERE substr(t.key, 1, length(?1)) = ?1 GROUP BY t.id ORDER BY t.key",
};

int ev_model_keys(struct ev_db *db, enum ev_kind kind, const char *prefix, ev_key_fn fn, void *ud)
{
	if (kind < 0 || kind > EV_KIND_COUNT || !keys_sql[kind])
		return 0;
	sqlite3_stmt *st = ev_db_stmt(db, keys_sql[kind]);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, prefix ? prefix : "", -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = ev_db_step(db, st, "listing keys")) == SQLITE_ROW)
		if (fn(ud, ev_col_text(st, 0), ev_col_text(st, 1)))
			break;
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}
