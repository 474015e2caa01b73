/*
 * model_query.c: the entity SQL for query. A topic's claims are read
 * with one statement in display order, each with its topic list, so a
 * topic of hundreds of claims costs one statement rather than one to list
 * them and another per claim (which also read every claim row twice).
 */
#include "model_query.h"

#include "util.h"

int ev_model_each_topic_claim(struct ev_db *db, int64_t topic_id, ev_claim_fn fn, void *ud)
{
	/* The columns of ev_model_read's claim, after the id; the order of
	 * ev_model_claims_of_topic. */
	static const char sql[] =
		"SELECT c.id, c.key, a.key, c.topics, c.text, c.quote, c.stated_study, c.stated_n, c.stated_population, c.stated_country, "
		"c.stated_duration_months, c.stated_result, c.notes, c.outcome, c.asserts FROM claim_topics ct JOIN claims c ON c.id = "
		"ct.claim_id LEFT JOIN articles a ON a.id = c.article_id WHERE ct.topic_id = ?1 ORDER BY a.key, "
		"c.position, c.key";
	struct ev_record r = {0};
	int n, rc, stop = 0;
	ev_fields(EV_CLAIM, &n);
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	if (sqlite3_column_count(st) != n + 1)
		return ev_error("internal error: query reads %d claim columns of %d", sqlite3_column_count(st) - 1, n),
		       -1;
	sqlite3_bind_int64(st, 1, topic_id);
	while (!stop && (rc = ev_db_step(db, st, "reading claims")) == SQLITE_ROW) {
		ev_record_reset(&r, EV_CLAIM);
		for (int i = 0; i < n; i++) {
			switch (sqlite3_column_type(st, i + 1)) {
			case SQLITE_INTEGER:
				ev_record_set_int(&r, i, sqlite3_column_int64(st, i + 1));
				break;
			case SQLITE_FLOAT:
				ev_record_set_real(&r, i, sqlite3_column_double(st, i + 1));
				break;
			case SQLITE_TEXT:
				/* as ev_model_read: '' reads back as "not given" */
				if (sqlite3_column_bytes(st, i + 1) > 0)
					ev_record_set_text(&r, i, ev_col_text(st, i + 1),
							   (size_t)sqlite3_column_bytes(st, i + 1));
				break;
			default:
				break;
			}
		}
		stop = fn(ud, sqlite3_column_int64(st, 0), &r);
	}
	sqlite3_reset(st);
	ev_record_free(&r);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : -1;
}
