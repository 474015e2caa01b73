/*
 * db.c: opening the store, migrations, transactions, statements.
 *
 * Every connection gets the same settings: foreign keys on (SQLite leaves
 * them off by default), extended result codes, and a busy timeout so that
 * concurrent writers wait for each other instead of failing. Writable
 * databases use WAL so readers never block on a writer and never see half
 * of a command. The schema lives in schema/NNN-*.sql, embedded at build
 * time; PRAGMA user_version records the last migration applied and
 * PRAGMA application_id marks the file as ours.
 */
#include "db.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* "EvDb" in ASCII: tells our databases apart from other SQLite files. */
#define EV_APPLICATION_ID 0x45764462
#define EV_BUSY_TIMEOUT_MS 30000

struct ev_migration {
	const char *name;
	const char *sql;
};
/* Generated from schema/NNN-*.sql by the Makefile (build/schema.c). */
extern const struct ev_migration ev_migrations[];
extern const int ev_nmigrations;

struct ev_stmt_cache {
	const char *sql;
	sqlite3_stmt *st;
	struct ev_stmt_cache *next;
};

static void print_plan(void *ud, const char *sql, int depth, const char *detail);

const char *ev_db_default_path(const char *option)
{
	const char *env = getenv("EVIDENCE_DB");
	if (option && *option)
		return option;
	if (env && *env)
		return env;
	return "evidence.db";
}

int ev_db_schema_latest(void) { return ev_nmigrations; }

/* ---- history: who runs what, and the change set ----------------------- */

static char *origin_command, *origin_who;

void ev_db_set_origin(int argc, char *const *argv)
{
	struct ev_buf b = EV_BUF_INIT;
	const char *user = getenv("USER");
	free(origin_command);
	free(origin_who);
	/* The program by its name, not the path it was run from: the record
	 * says what was done, and stays the same wherever evidence lives. */
	const char *prog = argc > 0 && argv[0] ? strrchr(argv[0], '/') : NULL;
	ev_buf_add_shell_word(&b, prog ? prog + 1 : argc > 0 && argv[0] ? argv[0] : "evidence");
	for (int i = 1; i < argc; i++) {
		ev_buf_addc(&b, ' ');
		ev_buf_add_shell_word(&b, argv[i]);
	}
	origin_command = ev_buf_take(&b);
	if (user && *user) {
		origin_who = ev_xstrdup(user);
	} else {
		struct passwd *pw = getpwuid(getuid());
		origin_who = pw && pw->pw_name ? ev_xstrdup(pw->pw_name)
					       : ev_xasprintf("uid %lld", (long long)getuid());
	}
}

const char *ev_db_origin_command(void) { return origin_command ? origin_command : "evidence"; }

const char *ev_db_origin_who(void)
{
	if (!origin_who)
		ev_db_set_origin(0, NULL);
	return origin_who;
}

int64_t ev_db_change(const struct ev_db *db) { return db->change_id; }

/* evidence_change(): the change set id for the triggers. The first call in
 * a transaction takes the next free id; the transaction holds the write
 * lock, so no other process can take it meanwhile. A change made outside
 * a transaction would be committed without its change set's row, so it is
 * refused (a programming error, never a user's). */
static void fn_change(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct ev_db *db = sqlite3_user_data(cx);
	(void)argc;
	(void)argv;
	if (sqlite3_get_autocommit(db->h)) {
		sqlite3_result_error(cx, "evidence: a change outside a transaction cannot be recorded", -1);
		return;
	}
	if (!db->change_id) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db->h, "SELECT coalesce(max(id), 0) + 1 FROM changes", -1, &st, NULL) ==
			    SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			db->change_id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (!db->change_id) {
			sqlite3_result_error(cx, "evidence: cannot choose a change set id", -1);
			return;
		}
	}
	sqlite3_result_int64(cx, db->change_id);
}

/* Writes the change set's row, when the transaction recorded history. */
static int record_change_set(struct ev_db *db)
{
	static const char sql[] = "INSERT INTO changes(id, at, who, command) SELECT ?1, ?2, ?3, ?4 "
				  "WHERE EXISTS (SELECT 1 FROM history WHERE change_id = ?1)";
	char at[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return ev_error("cannot read the clock");
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return EV_FAIL;
	sqlite3_bind_int64(st, 1, db->change_id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ev_db_origin_who(), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ev_db_origin_command(), -1, SQLITE_STATIC);
	int rc = ev_db_step(db, st, "recording the change");
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	return rc < 0 ? EV_FAIL : ev_db_fail(db, "recording the change");
}

int ev_db_fail(struct ev_db *db, const char *what)
{
	int rc = db->h ? sqlite3_extended_errcode(db->h) : SQLITE_ERROR;
	const char *msg = db->h ? sqlite3_errmsg(db->h) : "no connection";
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ev_error("%s: the database '%s' is locked by another process (waited %d s)", what,
				db->path, EV_BUSY_TIMEOUT_MS / 1000);
	case SQLITE_READONLY:
		return ev_error("%s: the database '%s' is read-only (%s)", what, db->path, msg);
	case SQLITE_FULL:
		return ev_error("%s: the disk holding '%s' is full; nothing was written", what, db->path);
	case SQLITE_IOERR:
		if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE)
			return ev_error("%s: cannot write '%s' (%s; is the disk full?); nothing was written", what,
					db->path, msg);
		return ev_error("%s: I/O error on '%s': %s", what, db->path, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return ev_error("%s: '%s' is damaged or not a database (%s)", what, db->path, msg);
	default:
		return ev_error("%s: %s", what, msg);
	}
}

static int pragma_int(struct ev_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int open_handle(struct ev_db *db, int flags)
{
	if (sqlite3_open_v2(db->path, &db->h, flags, NULL) != SQLITE_OK) {
		int r = ev_db_fail(db, "cannot open the database");
		sqlite3_close(db->h);
		db->h = NULL;
		return r;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, EV_BUSY_TIMEOUT_MS);
	/* Innocuous: it changes nothing and reveals nothing, so the history
	 * triggers may call it even where the schema is not trusted. */
	if (sqlite3_create_function_v2(db->h, "evidence_change", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, db, fn_change,
				       NULL, NULL, NULL) != SQLITE_OK) {
		int r = ev_db_fail(db, "cannot set up the connection");
		sqlite3_close(db->h);
		db->h = NULL;
		return r;
	}
	return 0;
}

static void close_handle(struct ev_db *db)
{
	struct ev_stmt_cache *c = db->cache;
	while (c) {
		struct ev_stmt_cache *next = c->next;
		sqlite3_finalize(c->st);
		free(c);
		c = next;
	}
	db->cache = NULL;
	if (db->h)
		sqlite3_close(db->h);
	db->h = NULL;
}

/* Reads application_id, user_version and, for a file that is not marked
 * as ours, whether it has any tables; the first read, so the point where a
 * file that is not a database is found out. The two pragmas read the
 * file's header only: our own databases (marked) are not made to read
 * their schema twice, once here and once to prepare the first statement. */
static int inspect(struct ev_db *db, int *app, int *version, int *tables)
{
	*tables = 0;
	if (pragma_int(db, "PRAGMA application_id", app) || pragma_int(db, "PRAGMA user_version", version) ||
	    (*app == 0 && pragma_int(db, "SELECT count(*) FROM sqlite_schema", tables))) {
		int rc = sqlite3_extended_errcode(db->h) & 0xff;
		if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
			return ev_error("'%s' is not an evidence database (%s)", db->path, sqlite3_errmsg(db->h));
		return ev_db_fail(db, "cannot read the database");
	}
	if ((*app != 0 && *app != EV_APPLICATION_ID) || (*app == 0 && *tables > 0))
		return ev_error("'%s' is an SQLite database but not an evidence database", db->path);
	if (*version > ev_nmigrations)
		return ev_error("'%s' was written by a newer version of evidence (schema %d; this one knows up to %d); "
				"upgrade evidence to use it",
				db->path, *version, ev_nmigrations);
	return 0;
}

int ev_db_migrate(struct ev_db *db, int *applied)
{
	int version = 0, n = 0;
	if (applied)
		*applied = 0;
	if (ev_db_begin(db))
		return EV_FAIL;
	/* Read the version inside the write transaction: two processes opening
	 * a new database at once must not both apply migration 1. */
	if (pragma_int(db, "PRAGMA user_version", &version)) {
		ev_db_rollback(db);
		return ev_db_fail(db, "cannot read the schema version");
	}
	for (int i = version; i < ev_nmigrations; i++) {
		char what[128];
		snprintf(what, sizeof what, "migration %s", ev_migrations[i].name);
		if (ev_db_exec(db, ev_migrations[i].sql, what)) {
			ev_db_rollback(db);
			return EV_FAIL;
		}
		n++;
	}
	if (n) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d", EV_APPLICATION_ID,
			 ev_nmigrations);
		if (ev_db_exec(db, sql, "recording the schema version")) {
			ev_db_rollback(db);
			return EV_FAIL;
		}
	}
	if (ev_db_commit(db))
		return EV_FAIL;
	if (applied)
		*applied = n;
	return 0;
}

int ev_db_open(struct ev_db *db, const char *path, enum ev_access mode)
{
	struct stat sb;
	int app = 0, version = 0, tables = 0;
	memset(db, 0, sizeof *db);
	db->path = ev_xstrdup(path);
	db->access = mode;

	int exists = stat(path, &sb) == 0;
	if (!exists && mode != EV_DB_CREATE) {
		ev_error("no database at '%s'; create one with 'evidence init' or load data with "
			 "'evidence import FILE...' (--db PATH or $EVIDENCE_DB choose another)",
			 path);
		goto fail;
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		ev_error("'%s' is a directory, not a database", path);
		goto fail;
	}

	int flags = mode == EV_DB_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == EV_DB_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	/* NOMUTEX: one connection per process, used by one thread at a time,
	 * so SQLite's per-call mutexes are pure overhead. */
	flags |= SQLITE_OPEN_NOMUTEX;
	if (open_handle(db, flags | SQLITE_OPEN_NOFOLLOW))
		goto fail;
	db->created = !exists;
	if (inspect(db, &app, &version, &tables))
		goto fail;

	if (version < ev_nmigrations) {
		/* An older (or new, empty) database is brought up to date even by
		 * a reading command, which needs a writable connection for it. */
		if (mode == EV_DB_READ) {
			close_handle(db);
			if (access(path, W_OK) != 0 || open_handle(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)) {
				ev_error("'%s' has schema version %d and needs upgrading to %d, but it cannot be "
					 "written; run 'evidence init' where it is writable",
					 path, version, ev_nmigrations);
				goto fail;
			}
		}
		if (ev_db_exec(db, "PRAGMA journal_mode=WAL", "enabling WAL") || ev_db_migrate(db, NULL))
			goto fail;
		if (mode == EV_DB_READ) {
			close_handle(db);
			if (open_handle(db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX))
				goto fail;
		}
	}
	if (ev_db_exec(db, "PRAGMA foreign_keys=ON", "enabling foreign keys"))
		goto fail;
	const char *plans = getenv("EVIDENCE_PLANS");
	if (plans && *plans && strcmp(plans, "0") != 0)
		ev_db_set_plan_hook(db, print_plan, NULL);
	return 0;
fail:
	ev_db_discard(db);
	return EV_FAIL;
}

void ev_db_discard(struct ev_db *db)
{
	char *path = db->path ? ev_xstrdup(db->path) : NULL;
	int created = db->created, empty = 0;
	if (created && db->h) {
		/* Only an empty store goes: should another process have filled
		 * the new file meanwhile, its data stays. */
		ev_db_rollback(db);
		empty = pragma_int(db, "SELECT (SELECT count(*) FROM sqlite_schema WHERE name = 'studies') = 0 OR "
				       "((SELECT count(*) FROM articles) + (SELECT count(*) FROM studies) + "
				       "(SELECT count(*) FROM claims)) = 0", &empty) == 0 && empty;
	}
	ev_db_close(db);
	created = created && empty;
	if (created && path) {
		/* A command that created the database and then failed leaves no
		 * empty database behind. */
		char *side = ev_xasprintf("%s-wal", path);
		unlink(side);
		free(side);
		side = ev_xasprintf("%s-shm", path);
		unlink(side);
		free(side);
		unlink(path);
	}
	free(path);
}

void ev_db_close(struct ev_db *db)
{
	if (db->in_tx)
		ev_db_rollback(db);
	close_handle(db);
	free(db->path);
	db->path = NULL;
}

int ev_db_begin(struct ev_db *db)
{
	if (ev_db_exec(db, "BEGIN IMMEDIATE", "starting a transaction"))
		return EV_FAIL;
	db->in_tx = 1;
	db->change_id = 0;
	return 0;
}

int ev_db_begin_read(struct ev_db *db)
{
	if (db->in_tx)
		return 0;
	if (ev_db_exec(db, "BEGIN DEFERRED", "starting a read transaction"))
		return EV_FAIL;
	db->in_tx = 1;
	return 0;
}

void ev_db_set_commit_hook(struct ev_db *db, int (*fn)(struct ev_db *db)) { db->before_commit = fn; }

int ev_db_commit(struct ev_db *db)
{
	if ((db->before_commit && db->before_commit(db)) || (db->change_id && record_change_set(db)) ||
	    ev_db_exec(db, "COMMIT", "committing")) {
		ev_db_rollback(db);
		return EV_FAIL;
	}
	db->in_tx = 0;
	db->change_id = 0;
	return 0;
}

void ev_db_rollback(struct ev_db *db)
{
	if (db->h && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	db->change_id = 0;
}

void ev_db_set_plan_hook(struct ev_db *db, ev_plan_fn fn, void *ud)
{
	db->plan_fn = fn;
	db->plan_ud = ud;
}

int ev_plan_scans_table(const char *detail)
{
	if (strncmp(detail, "SCAN ", 5) != 0)
		return 0;
	const char *what = detail + 5;
	return what[0] != '(' && strncmp(what, "CONSTANT ROW", 12) != 0 && !strstr(what, "VIRTUAL TABLE");
}

/* Runs EXPLAIN QUERY PLAN on sql and hands each line to the hook. */
static void explain(struct ev_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *q = ev_xasprintf("EXPLAIN QUERY PLAN %s", sql);
	if (sqlite3_prepare_v2(db->h, q, -1, &st, NULL) == SQLITE_OK) {
		/* Rows: id, parent, notused, detail; depth from the parents. */
		int ids[64], depths[64], n = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			int id = sqlite3_column_int(st, 0), parent = sqlite3_column_int(st, 1), depth = 0;
			for (int i = 0; i < n; i++)
				if (ids[i] == parent)
					depth = depths[i] + 1;
			if (n < 64) {
				ids[n] = id;
				depths[n++] = depth;
			}
			db->plan_fn(db->plan_ud, sql, depth, (const char *)sqlite3_column_text(st, 3));
		}
	}
	sqlite3_finalize(st);
	free(q);
}

/* The plan hook of EVIDENCE_PLANS=1: plans on stderr, whole-table scans
 * marked. */
static void print_plan(void *ud, const char *sql, int depth, const char *detail)
{
	static const char *last; /* the statement whose plan is being printed */
	(void)ud;
	if (sql != last)
		fprintf(stderr, "evidence: plan: %s\n", sql);
	last = sql;
	fprintf(stderr, "evidence: plan: %*s%s%s\n", 2 * depth + 2, "", detail ? detail : "",
		detail && ev_plan_scans_table(detail) ? "   <-- reads the whole table" : "");
}

sqlite3_stmt *ev_db_stmt(struct ev_db *db, const char *sql)
{
	struct ev_stmt_cache *c;
	for (c = db->cache; c; c = c->next)
		if (c->sql == sql) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			return c->st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		ev_db_fail(db, "preparing a statement");
		return NULL;
	}
	if (db->plan_fn)
		explain(db, sql);
	c = ev_xmalloc(sizeof *c);
	c->sql = sql;
	c->st = st;
	c->next = db->cache;
	db->cache = c;
	return st;
}

int ev_db_step(struct ev_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return SQLITE_CONSTRAINT;
	ev_db_fail(db, what);
	return -1;
}

int ev_db_exec(struct ev_db *db, const char *sql, const char *what)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ev_db_fail(db, what);
	return 0;
}

void ev_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void ev_bind_int(sqlite3_stmt *st, int i, int64_t v) { sqlite3_bind_int64(st, i, v); }

const char *ev_col_text(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }
