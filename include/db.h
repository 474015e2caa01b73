/*
 * db.h: the database layer. Opening, pragmas, schema migrations,
 * transactions and statement helpers. This is the only module that turns
 * SQLite result codes into messages for the user.
 */
#ifndef EV_DB_H
#define EV_DB_H

#include <sqlite3.h>
#include <signal.h>
#include <stdint.h>

/* What a command needs from the database. */
enum ev_access {
	EV_DB_NONE,   /* does not touch a database */
	EV_DB_READ,   /* reads an existing database (query-only; see ev_db_open) */
	EV_DB_WRITE,  /* changes an existing database */
	EV_DB_CREATE, /* creates the database when it is missing */
	EV_DB_LOAD,   /* as EV_DB_CREATE, but a missing database is built beside
	               * its path and appears whole at the first commit (see
	               * ev_db_open): for imports */
};

struct ev_stmt_cache; /* prepared statements kept for the connection's life */

/* Receives the query plan of a statement: one call per line of EXPLAIN
 * QUERY PLAN (`detail` as SQLite words it, `depth` its nesting). */
typedef void (*ev_plan_fn)(void *ud, const char *sql, int depth, const char *detail);

struct ev_db {
	sqlite3 *h;
	char *path;          /* owned */
	enum ev_access access;
	int in_tx;           /* a transaction is open */
	int created;         /* this connection created the file */
	int upgraded_from;   /* the schema version this connection upgraded from; -1: none */
	int immutable;       /* read as an unchanging file (see ev_db_open) */
	struct ev_file_id {  /* the file as it was when opened immutable */
		unsigned long long dev, ino, size;
		long long mtime_s, mtime_ns;
	} opened;
	struct ev_stmt_cache *cache;
	int64_t change_id;   /* the open transaction's change set, 0 until a change is recorded */
	ev_plan_fn plan_fn;  /* see ev_db_set_plan_hook */
	void *plan_ud;
	int (*before_commit)(struct ev_db *db); /* see ev_db_set_commit_hook */
	int bulk;            /* a bulk load is on: see ev_db_set_bulk */
	int query_only;      /* a reading command's read-write connection (see ev_db_open) */
	char *new_path;      /* owned: PATH.new, where a new database is built until it is published */
	int new_fd;          /* PATH.new, locked (flock) while this connection builds in it; else -1 */
	int publish_at_commit; /* EV_DB_LOAD: the first commit links PATH.new into place */
	int64_t busy_since;  /* when the current wait for another process began (ms, monotonic) */
	int busy_noted;      /* that wait has been announced */
};

/* How long a command waits for another process's write to end, in
 * milliseconds: -1 (the default) as long as that process writes; set
 * from --wait or $EVIDENCE_WAIT by main. After two seconds of waiting
 * the command says on stderr for whom it waits (pid, command, since
 * when, where the system tells). */
extern long ev_db_wait_ms;

/* Set (by main's SIGXFSZ handler) once a write of this process went past
 * the file size limit (ulimit -f): what a failed write is then said to
 * be, even after SQLite's rollback has cut the file back below the limit
 * and the system's errno of the write is gone. */
extern volatile sig_atomic_t ev_db_file_limit_hit;

/* Where the database is: --db, else $EVIDENCE_DB, else ./evidence.db.
 * Returns a borrowed string. */
const char *ev_db_default_path(const char *option);

/* Opens `path` for `access` (not EV_DB_NONE), applies the connection
 * pragmas and brings the schema up to date. A missing database is an error
 * that says how to create one, unless access is EV_DB_CREATE or EV_DB_LOAD.
 * A new database is made in PATH.new, locked while it is made (another
 * process creating the same database waits for it, as writers wait for
 * each other), and linked into place whole: at the end of the open for
 * EV_DB_CREATE, at the first commit for EV_DB_LOAD (without a write-ahead
 * log until then: nothing else can see the file). So no process ever
 * sees a database half made, and an import killed before its commit
 * leaves no database (only PATH.new, which the next command creating
 * PATH reuses). A database from a newer version of evidence, a file that
 * is not a database and a damaged one are refused with a message. A
 * writing command on a database this process cannot write (file, folder,
 * read-only file system) is refused up front with the reason. A reading
 * command on such a database reads it as an immutable file when no
 * write-ahead log is pending, so it leaves no -wal/-shm files behind (see
 * docs/reliability.md). Returns 0 or -1 (reported). */
int ev_db_open(struct ev_db *db, const char *path, enum ev_access access);

/* Lets ev_db_open restore what another program removed from the schema
 * (a trigger, view, index or table the migrations create; a dropped column
 * cannot be restored), saying what it restored, where writing commands
 * refuse such a database naming what is missing. For `evidence init`. */
void ev_db_allow_repair(void);

/* ev_db_open makes a new database's schema from ev_schema_objects, what
 * the migrations make, in one go. With on, it applies the migrations in
 * turn instead, as it upgrades an older database. For schema/objects.c,
 * which makes that list, and for the test that both ways make the same
 * database. */
void ev_db_create_by_migrations(int on);

/* When db lacks part of its schema, reports what (and the repair) and
 * returns -1; else 0. For a statement that failed with "no such
 * table", so that the user reads the cause instead of SQLite's words. */
int ev_db_explain_missing(struct ev_db *db);

/* One thing a database of ours has: an object ("trigger 'name'", with the
 * SQL that creates it) or a table's column ("column 'table.name'", sql
 * NULL). */
struct ev_schema_object {
	const char *what;
	const char *sql;
	int shadow; /* a virtual table's own table, made by creating that */
};
/* What the migrations make, objects in creation order and then every
 * table's columns, ending with {NULL, NULL, 0}: what ev_db_open makes a
 * new database from, and the list its schema check compares a database
 * with. Generated by the build (schema/objects.c writes
 * build/schema_objects.c). */
extern const struct ev_schema_object ev_schema_objects[];
/* Calls each(ud, what, sql) for what db has, in the order and words of
 * ev_schema_objects. For schema/objects.c and its test. 0 or -1. */
int ev_db_schema_list(struct ev_db *db, void (*each)(void *ud, const char *what, const char *sql), void *ud);
/* For a database read as immutable: reports and returns -1 when the
 * file changed (another process wrote to it) since it was opened, as the
 * read may then have mixed old and new pages; else 0. */
int ev_db_check_unchanged(struct ev_db *db);
/* Removes a database file and its -wal, -shm and -journal, ignoring
 * those that do not exist: for a database this process made and no
 * longer wants. */
void ev_db_remove_files(const char *path);
/* Closes the connection, rolling back an open transaction. */
void ev_db_close(struct ev_db *db);
/* Closes like ev_db_close, and removes the database file when this
 * connection created it: for a creating command that failed. A database
 * not yet published (EV_DB_LOAD before its commit) is removed, and
 * ev_db_close removes it too: only a commit publishes one. */
void ev_db_discard(struct ev_db *db);

/* Writes a copy of the database, as this connection sees it (its open
 * transaction's snapshot), to a new file at `path` (which must not be in
 * use). For working on a throwaway copy (`evidence diff`). 0 or -1
 * (reported). */
int ev_db_copy(struct ev_db *db, const char *path);

/* The schema version this binary writes (the highest migration). */
int ev_db_schema_latest(void);
/* Applies any pending migrations in one transaction; reports what it did
 * through *applied (may be NULL). Returns 0 or -1 (reported). */
int ev_db_migrate(struct ev_db *db, int *applied);

/* Names the command line being run (for history): who runs it ($USER,
 * else the name of the process's uid) and argv shell-quoted, with the
 * program's path reduced to its name. Call once before opening; argv is
 * copied. Without it, history says "evidence" and the user alone. */
void ev_db_set_origin(int argc, char *const *argv);
/* The command line as history records it (borrowed). */
const char *ev_db_origin_command(void);
const char *ev_db_origin_who(void);

/* The change set the open transaction's changes are recorded under, or 0
 * when it has changed nothing yet. Every change to a curated table is
 * recorded by triggers (schema/002-history.sql) under the id that the SQL
 * function evidence_change() hands out: the next free id, chosen at the
 * transaction's first change. ev_db_commit writes the change set's row
 * (when, who, command) when there is history under it, so a transaction
 * that changed nothing records nothing and a rolled-back one leaves no
 * trace. */
int64_t ev_db_change(const struct ev_db *db);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE) so a
 * writer waits for others at the start rather than failing half-way. */
int ev_db_begin(struct ev_db *db);
int ev_db_commit(struct ev_db *db);
/* Starts a read transaction (BEGIN DEFERRED), so that several queries see
 * one snapshot of the database (export and dump read many tables while
 * others may write). End it with ev_db_commit (or close the database).
 * Nothing to do when a transaction is open already. 0 or -1. */
int ev_db_begin_read(struct ev_db *db);
void ev_db_rollback(struct ev_db *db);
/* For a reading command: runs fn(db, ud) in a write transaction of its
 * own, for upkeep that is not a change of the data (no change set is
 * recorded), then takes up reading again. Ends the open read transaction
 * first, so call it before reading. Returns 1, doing nothing, when this
 * connection may not write (the database is read as immutable or
 * read-only); else 0 or -1 (reported). */
int ev_db_upkeep(struct ev_db *db, int (*fn)(struct ev_db *db, void *ud), void *ud);

/* Returns a prepared statement for `sql`, reset and with its bindings
 * cleared. Statements are cached by the address of `sql`, so pass string
 * literals (or other storage that outlives the connection). On failure
 * reports the error and returns NULL. Borrowed: do not finalize. */
sqlite3_stmt *ev_db_stmt(struct ev_db *db, const char *sql);

/* Has every statement ev_db_stmt prepares from now on explained to fn
 * (NULL: stop), for tests that hold each lookup to an index and for
 * EVIDENCE_PLANS=1, which prints the plans to stderr (see
 * docs/performance.md). */
void ev_db_set_plan_hook(struct ev_db *db, ev_plan_fn fn, void *ud);

/* Work that must be done in every writing transaction just before it
 * commits (bringing derived data up to date: the search index). The db
 * layer knows no entity, so the command line wires it in; fn returns 0,
 * or -1 after reporting, which rolls the transaction back. */
void ev_db_set_commit_hook(struct ev_db *db, int (*fn)(struct ev_db *db));

/* Turns bulk-load mode on or off for the connection: while on, SQL's
 * evidence_bulk() is 1 and the triggers that record each added row
 * (history, the search queue) do nothing; whoever turns it on records the
 * additions afterwards in one statement (ev_model_bulk_end). */
void ev_db_set_bulk(struct ev_db *db, int on);

/* Whether a line of a query plan reads a whole table (or a whole index
 * of one): "SCAN t", "SCAN t USING INDEX i". Scans of a subquery's rows,
 * of a constant row or of a table-valued function (json_each) are not. */
int ev_plan_scans_table(const char *detail);

/* Steps a statement: returns SQLITE_ROW, SQLITE_DONE, or -1 after
 * reporting the error (with `what` naming the operation). Constraint
 * errors are returned as SQLITE_CONSTRAINT without a report, so callers
 * can explain them in the user's terms. */
int ev_db_step(struct ev_db *db, sqlite3_stmt *st, const char *what);

/* Runs SQL without results (several statements allowed). 0 or -1. */
int ev_db_exec(struct ev_db *db, const char *sql, const char *what);

/* Runs one statement without results, ?1 bound to `id`, a constraint
 * error reported like any other. 0 or -1. */
int ev_db_exec_id(struct ev_db *db, const char *sql, int64_t id, const char *what);
/* The same with ?1 bound to `a` and ?2 to `b`. */
int ev_db_exec_ids(struct ev_db *db, const char *sql, int64_t a, int64_t b, const char *what);

/* Reports the connection's last error as "what: message"; returns -1. */
int ev_db_fail(struct ev_db *db, const char *what);

/* Binding helpers: text NULL or "" binds SQL NULL. */
void ev_bind_text(sqlite3_stmt *st, int i, const char *s);
void ev_bind_int(sqlite3_stmt *st, int i, int64_t v);

/* Column helper: text or NULL (borrowed until the next step/reset). */
const char *ev_col_text(sqlite3_stmt *st, int i);

#endif
