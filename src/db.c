/*
 * db.c: opening the store, migrations, transactions, statements.
 *
 * Every connection gets the same settings: foreign keys on (SQLite leaves
 * them off by default), extended result codes, and a busy timeout so that
 * concurrent writers wait for each other instead of failing. Writable
 * databases use WAL so readers never block on a writer and never see half
 * of a command; a new one is made in PATH.new, where nobody else looks,
 * and linked into place whole (take_new, publish). The schema lives in
 * schema/NNN-*.sql, embedded at build time; PRAGMA user_version records
 * the last migration applied and PRAGMA application_id marks the file as
 * ours.
 *
 * WAL needs the database's folder: a writer creates DB-wal and DB-shm
 * there, and even a reader creates them when they are missing (and, if it
 * opened read-only, leaves them behind). So access is checked before
 * SQLite is asked: a writing command on a file, folder or file system it
 * cannot write is refused with the reason (rather than SQLite's "attempt
 * to write a readonly database" half-way through). A reading command that
 * may write reads through a query-only read-write connection, which
 * removes those files when it is the last to close; one that may not, and
 * finds no -wal file (or finds its disk full), opens the file with SQLite's immutable=1, as the WAL
 * documentation recommends for read-only media (every commit is then in
 * the main file; a write by someone else during the read is caught
 * afterwards by ev_db_check_unchanged). See docs/reliability.md.
 */
#define _XOPEN_SOURCE 700 /* realpath(), without relying on _FORTIFY_SOURCE's declaration */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "json.h"
#include "util.h"

/* "EvDb" in ASCII: tells our databases apart from other SQLite files. */
#define EV_APPLICATION_ID 0x45764462
/* How long processes creating one new database wait for each other to
 * switch it to WAL (a moment's work). */
#define EV_WAL_SWITCH_MS 30000

long ev_db_wait_ms = -1;
volatile sig_atomic_t ev_db_file_limit_hit;

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

/* evidence_bulk(): 1 while a bulk load is on (ev_db_set_bulk), when the
 * add triggers of history and search stand aside. */
static void fn_bulk(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct ev_db *db = sqlite3_user_data(cx);
	(void)argc;
	(void)argv;
	sqlite3_result_int(cx, db->bulk);
}

void ev_db_set_bulk(struct ev_db *db, int on) { db->bulk = on; }

/* evidence_json_object(k1, v1, k2, v2, ...): what SQLite's json_object
 * does (an object of those members in that order; integers, reals, text
 * and NULL as JSON integers, numbers, strings and null), for the history
 * triggers, which run for every row an import adds: so written straight
 * into a buffer with out.c's JSON string writer rather than through a
 * jansson tree, which took several times the row's own cost. Reals are
 * written to read back exactly, and as reals. */
static void fn_json_object(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct ev_buf b = EV_BUF_INIT;
	char num[40];
	if (argc % 2) {
		sqlite3_result_error(cx, "a JSON object needs pairs of arguments", -1);
		return;
	}
	ev_buf_addc(&b, '{');
	for (int i = 0; i < argc; i += 2) {
		sqlite3_value *v = argv[i + 1];
		if (i)
			ev_buf_addc(&b, ',');
		ev_json_put_string(&b, (const char *)sqlite3_value_text(argv[i]), (size_t)sqlite3_value_bytes(argv[i]));
		ev_buf_addc(&b, ':');
		switch (sqlite3_value_type(v)) {
		case SQLITE_INTEGER:
			snprintf(num, sizeof num, "%lld", (long long)sqlite3_value_int64(v));
			ev_buf_adds(&b, num);
			break;
		case SQLITE_FLOAT: {
			double d = sqlite3_value_double(v);
			/* JSON has no inf or nan; validation never stores them */
			if (!isfinite(d)) {
				ev_buf_adds(&b, "null");
				break;
			}
			ev_buf_adds(&b, ev_fmt_exact(num, sizeof num, d));
			/* a whole real keeps its ".0", as json_object writes it, so
			 * history reads it back as a real and not as an integer */
			if (!strpbrk(num, ".eE"))
				ev_buf_adds(&b, ".0");
			break;
		}
		case SQLITE_TEXT:
			ev_json_put_string(&b, (const char *)sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
			break;
		default:
			ev_buf_adds(&b, "null");
		}
	}
	ev_buf_addc(&b, '}');
	sqlite3_result_text(cx, ev_buf_take(&b), -1, free);
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
		return -1;
	sqlite3_bind_int64(st, 1, db->change_id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ev_db_origin_who(), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ev_db_origin_command(), -1, SQLITE_STATIC);
	int rc = ev_db_step(db, st, "recording the change");
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	return rc < 0 ? -1 : ev_db_fail(db, "recording the change");
}

/* The folder holding path ("." for a bare name). Allocates. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ev_xstrdup(".");
	if (slash == path)
		return ev_xstrdup("/");
	return ev_xstrndup(path, (size_t)(slash - path));
}

/* Why a write to the database failed, in the system's words. SQLite keeps
 * the errno of the failed call, but not always (a failure during COMMIT
 * can reach us after other calls reset it); then the usual causes are
 * checked directly: a write past the file size limit (ulimit -f), which
 * main's SIGXFSZ handler notes, and a full disk. The note, rather than
 * the file's size against the limit: a new database's rollback cuts
 * PATH.new back to the empty schema before this looks.
 * Returns a borrowed string (static or SQLite's message). */
static const char *write_failure(struct ev_db *db, int e, const char *msg)
{
	struct statvfs fs;
	if (e)
		return strerror(e);
	if (ev_db_file_limit_hit)
		return strerror(EFBIG);
	char *dir = folder_of(db->path);
	int full = statvfs(dir, &fs) == 0 && (unsigned long long)fs.f_bavail * fs.f_frsize < 65536;
	free(dir);
	return full ? strerror(ENOSPC) : msg;
}

int ev_db_fail(struct ev_db *db, const char *what)
{
	int rc = db->h ? sqlite3_extended_errcode(db->h) : SQLITE_ERROR;
	const char *msg = db->h ? sqlite3_errmsg(db->h) : "no connection";
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		if (ev_db_wait_ms >= 0 && db->busy_since)
			return ev_error("%s: the database '%s' is locked by another process writing to it; gave up "
					"after %ld s as --wait or EVIDENCE_WAIT asked",
					what, db->path, (ev_db_wait_ms + 999) / 1000);
		return ev_error("%s: the database '%s' is locked by another process", what, db->path);
	case SQLITE_READONLY:
		return ev_error("%s: the database '%s' is read-only (%s)", what, db->path, msg);
	case SQLITE_FULL:
		return ev_error("%s: the disk holding '%s' is full; nothing was written", what, db->path);
	case SQLITE_IOERR: {
		/* The system's reason says more than "disk I/O error": a file
		 * size limit (EFBIG), a full disk or quota (ENOSPC, EDQUOT). */
		int e = db->h ? sqlite3_system_errno(db->h) : 0;
		if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE ||
		    e == EFBIG || e == ENOSPC || e == EDQUOT)
			return ev_error("%s: cannot write '%s' (%s); nothing was written", what, db->path,
					write_failure(db, e, msg));
		return ev_error("%s: I/O error on '%s': %s", what, db->path, e ? strerror(e) : msg);
	}
	case SQLITE_CORRUPT:
		return ev_error("%s: '%s' is damaged (%s); restore it from a backup", what, db->path, msg);
	case SQLITE_NOTADB:
		return ev_error("%s: '%s' is not a database (%s)", what, db->path, msg);
	case SQLITE_CANTOPEN:
		/* Databases are opened with SQLITE_OPEN_NOFOLLOW, whose refusal
		 * SQLite words as "unable to open database file": say why, and
		 * which path to give instead. */
		if (rc == SQLITE_CANTOPEN_SYMLINK) {
			char *real = realpath(db->path, NULL);
			int r = ev_error("%s: '%s' is a symbolic link or is reached through one, and evidence opens a "
					 "database only by its own path%s%s%s",
					 what, db->path, real ? ": give --db '" : "", real ? real : "", real ? "'" : "");
			free(real);
			return r;
		}
		return ev_error("%s: %s", what, msg);
	default:
		/* A table or column another program dropped: say that, not
		 * SQLite's words about one statement. */
		if ((strncmp(msg, "no such table", 13) == 0 || strncmp(msg, "no such column", 14) == 0) &&
		    ev_db_explain_missing(db))
			return -1;
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

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The process holding a write lock of `type` ("POSIX" or "FLOCK") on
 * `file` that covers byte `byte`, from /proc/locks. Returns the pid, or 0
 * when the system does not tell (not Linux, an OFD lock, no such lock). */
static long lock_holder_of(const char *file, const char *type, unsigned long long byte)
{
	struct stat sb;
	char line[256];
	FILE *fp = stat(file, &sb) == 0 ? fopen("/proc/locks", "r") : NULL;
	long holder = 0;
	if (!fp)
		return 0;
	while (!holder && fgets(line, sizeof line, fp)) {
		/* "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 120 120" (device
		 * numbers in hex, "EOF" for a lock to the end of the file) */
		char *tok[8], *save = NULL, *p = strchr(line, ':');
		int n = 0;
		for (char *t = p ? strtok_r(p + 1, " \n", &save) : NULL; t && n < 8; t = strtok_r(NULL, " \n", &save))
			tok[n++] = t;
		if (n < 7 || strcmp(tok[0], type) != 0 || strcmp(tok[2], "WRITE") != 0)
			continue;
		char *e;
		long pid = strtol(tok[3], &e, 10);
		unsigned long maj = strtoul(tok[4], &e, 16);
		unsigned long min = *e == ':' ? strtoul(e + 1, &e, 16) : 0;
		unsigned long long ino = *e == ':' ? strtoull(e + 1, &e, 10) : 0;
		unsigned long long start = strtoull(tok[5], NULL, 10);
		if (pid <= 0 || pid == (long)getpid() || ino != (unsigned long long)sb.st_ino || maj != major(sb.st_dev) ||
		    min != minor(sb.st_dev))
			continue;
		if (start <= byte && (strcmp(tok[6], "EOF") == 0 || strtoull(tok[6], NULL, 10) >= byte))
			holder = pid;
	}
	fclose(fp);
	return holder;
}

/* The process db waits for: the one holding the WAL write lock, which
 * SQLite takes as a POSIX lock on byte 120 of the -shm file (wal.c,
 * WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK), or, while db waits to create
 * the database (no connection yet), the one holding PATH.new. Read from
 * /proc/locks rather than asked with fcntl(F_GETLK): opening and closing
 * the -shm file in this process would drop the locks SQLite holds on it. */
static long lock_holder(const struct ev_db *db)
{
	if (!db->h && db->new_path)
		return lock_holder_of(db->new_path, "FLOCK", 0);
	char *shm = ev_xasprintf("%s-shm", db->path);
	long pid = lock_holder_of(shm, "POSIX", 120);
	free(shm);
	return pid;
}

/* Appends what the system says of process pid: its command line and
 * since when it runs ("pid 1234, 'evidence import big.csv', running since
 * 2026-12-04 17:02:11"). */
static void describe_process(struct ev_buf *b, long pid)
{
	char path[64], buf[4096]; /* a /proc path of a number; what is read of a /proc file */
	ev_buf_addf(b, "pid %ld", pid);
	snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
	FILE *fp = fopen(path, "r");
	if (fp) {
		size_t n = fread(buf, 1, sizeof buf - 1, fp);
		fclose(fp);
		while (n > 0 && buf[n - 1] == '\0')
			n--;
		for (size_t i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		/* A command line of any length (the whole of it: it can hold a
		 * file's contents) is shown to 200 bytes, cut on a character
		 * boundary and marked so. */
		size_t k = n > 200 ? 200 : n;
		while (k < n && k > 0 && ((unsigned char)buf[k] & 0xC0) == 0x80)
			k--;
		if (n > 0)
			ev_buf_addf(b, ", '%.*s%s'", (int)k, buf, k < n ? "..." : "");
	}
	/* Field 22 of /proc/PID/stat: the start in clock ticks after boot;
	 * /proc/stat's btime: the boot in seconds since the epoch. */
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	unsigned long long ticks = 0, btime = 0;
	if ((fp = fopen(path, "r"))) {
		size_t n = fread(buf, 1, sizeof buf - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		char *p = strrchr(buf, ')'), *save = NULL;
		int field = 2; /* the fields after the command's name start at 3 */
		for (char *t = p ? strtok_r(p + 1, " ", &save) : NULL; t; t = strtok_r(NULL, " ", &save))
			if (++field == 22) {
				ticks = strtoull(t, NULL, 10);
				break;
			}
	}
	if ((fp = fopen("/proc/stat", "r"))) {
		while (fgets(buf, sizeof buf, fp))
			if (strncmp(buf, "btime ", 6) == 0) {
				btime = strtoull(buf + 6, NULL, 10);
				break;
			}
		fclose(fp);
	}
	long hz = sysconf(_SC_CLK_TCK);
	if (ticks && btime && hz > 0) {
		time_t t = (time_t)(btime + ticks / (unsigned long long)hz);
		struct tm tm;
		char when[64];
		if (localtime_r(&t, &tm) && strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", &tm))
			ev_buf_addf(b, ", running since %s", when);
	}
}

/* SQLite's busy handler: waits as long as ev_db_wait_ms allows (by
 * default as long as the other process writes: the README promises that
 * writers wait for each other, and an import may take minutes), polling
 * at most every 50 ms, and says after two seconds whom it waits for, so a
 * command that seems to hang explains itself. Returns 1 to try again, 0
 * to give up (the statement then fails with SQLITE_BUSY). */
static int on_busy(void *ud, int count)
{
	struct ev_db *db = ud;
	int64_t t = now_ms();
	if (count == 0) {
		db->busy_since = t;
		db->busy_noted = 0;
	}
	int64_t waited = t - db->busy_since;
	if (ev_db_wait_ms >= 0 && waited >= ev_db_wait_ms)
		return 0;
	if (!db->busy_noted && waited >= 2000) {
		struct ev_buf who = EV_BUF_INIT;
		long pid = lock_holder(db);
		db->busy_noted = 1;
		if (pid)
			describe_process(&who, pid);
		if (ev_db_wait_ms >= 0)
			ev_notice("waiting for another process writing to '%s'%s%s%s, for at most %ld s (--wait or "
				  "EVIDENCE_WAIT)",
				  db->path, pid ? " (" : "", ev_buf_str(&who), pid ? ")" : "", (ev_db_wait_ms + 999) / 1000);
		else
			ev_notice("waiting for another process writing to '%s'%s%s%s, as long as it writes (--wait "
				  "SECONDS or EVIDENCE_WAIT set a limit)",
				  db->path, pid ? " (" : "", ev_buf_str(&who), pid ? ")" : "");
		ev_buf_free(&who);
	}
	int64_t ms = count < 10 ? (int64_t)1 << (count / 2) : 50;
	if (ev_db_wait_ms >= 0 && waited + ms > ev_db_wait_ms)
		ms = ev_db_wait_ms - waited > 0 ? ev_db_wait_ms - waited : 1;
	sqlite3_sleep((int)ms);
	return 1;
}

/* A new database's pages are 8 KiB, not SQLite's 4 KiB: a study row is
 * about 500 bytes, so a page holds twice the rows, and the WAL and its
 * checkpoint write half the pages, each a system call. Measured at
 * 1,000,000 studies (docs/performance.md): the import took 10.0 s instead
 * of 11.4 in 4 KiB pages and 10.1 in 16 KiB; the query, which reads pages
 * at random and copies each whole, 55.7 ms against 55.5 in 4 KiB pages
 * and 63.8 in 16 KiB. SQLite fixes the size when the file's first page is
 * written, so this comes before anything else; a database made by an
 * earlier build keeps its size. The page cache's size, SQLite's default
 * 2000 KiB, is then given again: the connection turned it into a number
 * of pages when it opened, at 4 KiB each, and kept that number (with 16
 * KiB pages a process that made the database and imported into it held
 * 7 MiB of cache instead of 2). */
#define EV_PAGE_SIZE "8192"
#define EV_SORT_PAGES 128

/* Opens the connection; with db->immutable through a file: URI with
 * immutable=1 (the path percent-encoded where URIs need it). */
static int open_handle(struct ev_db *db, int flags)
{
	/* Sorting (CREATE INDEX after a bulk load, ORDER BY) keeps runs of at
	 * least EV_SORT_PAGES pages in memory. SQLite's 250 suits its 4 KiB
	 * pages; ours are larger, so EV_SORT_PAGES keeps the same megabyte
	 * (with 16 KiB pages the peak memory of an import of 1,000,000
	 * studies was 14.1 MiB with 250, 12.8 with 64).
	 * SQLite counts every allocation under a global mutex unless told not
	 * to. Nothing here reads the counts, and an import makes millions of
	 * allocations: a bulk import of 1,000,000 studies used 10.5 s of CPU
	 * instead of 11.0.
	 * A statement that may fail part-way inside a longer transaction (an
	 * insert that fires the history triggers, say) keeps the pages it
	 * changes in a statement journal, to undo itself alone. SQLite keeps
	 * that journal in memory up to 64 KiB and then, for the rest of the
	 * transaction, in a temporary file; one row's insert changes about 16
	 * pages (the table, its indexes, the history and its indexes), 130 KB
	 * in 8 KiB pages. So an import into a database that had rows wrote
	 * every page it touched to a temporary file, row after row: 290,922
	 * writes for 8,000 studies and their links, against 3,784 to the
	 * database and its log; 100,000 studies took 7.4 to 8.2 s, now 4.9 to
	 * 5.7. The journal stays in memory now (-1), and each statement's is
	 * freed when the statement ends. What keeps that small is that no
	 * statement changes many old pages at once: the search index catches
	 * up in batches (model_search.c), a bulk load writes new pages (which
	 * need no journal), the rest change a row or a claim's links. A
	 * threshold above 128 KiB is no way out: SQLite 3.40 writes a spilled
	 * journal in one piece, and its Unix layer writes at most 128 KiB at a
	 * time (seekAndWriteFd masks the length to 17 bits), so the spill fails
	 * as a full disk (an import of 8,000 rows did, with 256 to 768 KiB).
	 * Possible only before SQLite initialises, so at the first open. */
	static int configured;
	if (!configured) {
		configured = 1;
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		(void)sqlite3_config(SQLITE_CONFIG_PMASZ, EV_SORT_PAGES);
		(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	}
	struct ev_buf uri = EV_BUF_INIT;
	const char *name = db->new_path ? db->new_path : db->path;
	if (db->immutable) {
		/* "file:" + a relative path, or "file://" + an absolute one (an
		 * empty authority), so "//x" cannot be taken for a host name. */
		ev_buf_adds(&uri, db->path[0] == '/' ? "file://" : "file:");
		for (const char *p = db->path; *p; p++) {
			if (*p == '%' || *p == '?' || *p == '#')
				ev_buf_addf(&uri, "%%%02X", (unsigned char)*p);
			else
				ev_buf_addc(&uri, *p);
		}
		ev_buf_adds(&uri, "?immutable=1");
		name = ev_buf_str(&uri);
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | (flags & SQLITE_OPEN_NOFOLLOW);
	}
	int rc = sqlite3_open_v2(name, &db->h, flags, NULL);
	ev_buf_free(&uri);
	if (rc != SQLITE_OK) {
		int r = ev_db_fail(db, "cannot open the database");
		sqlite3_close(db->h);
		db->h = NULL;
		return r;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_handler(db->h, on_busy, db);
	/* A database is a file people share, so its schema is not trusted
	 * (SQLite advises every application to do this): no functions with
	 * side effects from triggers or views someone added, and no SQL that
	 * can corrupt the file on purpose (writable_schema and the like). */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	/* Innocuous: they change nothing and reveal nothing, so the history
	 * triggers may call them even where the schema is not trusted (SQLite
	 * 3.40's own json_object is not marked innocuous, hence our twin).
	 * The twin is also json_object itself on our connections, so that the
	 * views of 010-additions-as-events.sql, written with json_object, run
	 * here and in any other SQLite tool alike; evidence_json_object stays
	 * for the earlier migrations that name it. */
	if (sqlite3_create_function_v2(db->h, "evidence_change", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, db, fn_change,
				       NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "evidence_bulk", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, db, fn_bulk, NULL,
				       NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "evidence_json_object", -1,
				       SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC, NULL, fn_json_object, NULL,
				       NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "json_object", -1, SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC,
				       NULL, fn_json_object, NULL, NULL, NULL) != SQLITE_OK) {
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

/* Reads application_id, user_version and, for a file not marked as ours,
 * whether it has any tables: the first real read, so the point where a
 * file that is not a database is found out. One statement, so one
 * snapshot: read one at a time, they could straddle another process's
 * first migration (no application_id yet, but tables already) and take our
 * own database for a stranger's. A marked file's schema is not read here
 * (the first statement prepared reads it anyway). */
static int inspect(struct ev_db *db, int *app, int *version, int *tables)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h,
				    "SELECT a.application_id, (SELECT user_version FROM pragma_user_version), CASE WHEN "
				    "a.application_id = 0 THEN (SELECT count(*) FROM sqlite_schema) ELSE 0 END FROM "
				    "pragma_application_id a",
				    -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*app = sqlite3_column_int(st, 0);
		*version = sqlite3_column_int(st, 1);
		*tables = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		rc = sqlite3_extended_errcode(db->h) & 0xff;
		if (rc == SQLITE_NOTADB)
			return ev_error("'%s' is not an evidence database (%s)", db->path, sqlite3_errmsg(db->h));
		if (rc == SQLITE_CORRUPT)
			return ev_error("'%s' is damaged (%s): it may have been cut short or overwritten; restore it "
					"from a backup",
					db->path, sqlite3_errmsg(db->h));
		return ev_db_fail(db, "cannot read the database");
	}
	if (*version < 0 || (*app != 0 && *app != EV_APPLICATION_ID) || (*app == 0 && *tables > 0))
		return ev_error("'%s' is an SQLite database but not an evidence database", db->path);
	if (*version > ev_nmigrations)
		return ev_error("'%s' was written by a newer version of evidence (schema %d; this one knows up to %d); "
				"upgrade evidence to use it",
				db->path, *version, ev_nmigrations);
	return 0;
}

static int by_migrations; /* see ev_db_create_by_migrations */

void ev_db_create_by_migrations(int on) { by_migrations = on; }

/* Makes a new database's schema, in the open transaction, from what the
 * migrations make (ev_schema_objects): each object's CREATE statement in
 * the order they made it. A virtual table makes its shadow tables itself.
 * Applying the ten migrations in turn, SQLite parses the whole schema
 * again at each ALTER TABLE: `evidence init` took 62 ms that way, and
 * takes 17 this way, most of it the disk's sync. test_schema_objects
 * checks that both ways make the same database. 0 or -1 (reported). */
static int create_schema(struct ev_db *db)
{
	for (const struct ev_schema_object *o = ev_schema_objects; o->what; o++) {
		if (!o->sql || o->shadow)
			continue;
		char *what = ev_xasprintf("creating %s", o->what);
		int rc = ev_db_exec(db, o->sql, what);
		free(what);
		if (rc)
			return -1;
	}
	return 0;
}

int ev_db_migrate(struct ev_db *db, int *applied)
{
	int version = 0, n = 0, objects = 0;
	if (applied)
		*applied = 0;
	if (ev_db_begin(db))
		return -1;
	/* Read the version inside the write transaction: two processes opening
	 * a new database at once must not both apply migration 1. */
	if (pragma_int(db, "PRAGMA user_version", &version) ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects)) {
		ev_db_rollback(db);
		return ev_db_fail(db, "cannot read the schema version");
	}
	/* An empty file gets the schema at once; a database with anything in it
	 * (an older version's, or one whose version another program lowered)
	 * gets the migrations it lacks, which say what is wrong. */
	if (version == 0 && objects == 0 && !by_migrations && ev_schema_objects[0].what) {
		if (create_schema(db)) {
			ev_db_rollback(db);
			return -1;
		}
		n = ev_nmigrations;
		version = ev_nmigrations;
	}
	for (int i = version; i < ev_nmigrations; i++) {
		char what[128];
		snprintf(what, sizeof what, "migration %s", ev_migrations[i].name);
		if (sqlite3_exec(db->h, ev_migrations[i].sql, NULL, NULL, NULL) != SQLITE_OK) {
			/* The migrations apply to every schema they were written
			 * for, so an SQL error ("table x already exists", "no such
			 * trigger") means the version recorded is not the schema's:
			 * user_version lowered by another program. Failures of
			 * the disk or the lock are reported as such. */
			if (sqlite3_extended_errcode(db->h) == SQLITE_ERROR)
				ev_error("'%s' is damaged: its schema version (PRAGMA user_version) says %d, but its "
					 "schema is not that version's (%s: %s); another program may have "
					 "changed the version: restore the database from a backup, or set it back to %d "
					 "if you know that to be right",
					 db->path, version, what, sqlite3_errmsg(db->h), ev_nmigrations);
			else
				ev_db_fail(db, what);
			ev_db_rollback(db);
			return -1;
		}
		n++;
	}
	if (n) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d", EV_APPLICATION_ID,
			 ev_nmigrations);
		if (ev_db_exec(db, sql, "recording the schema version")) {
			ev_db_rollback(db);
			return -1;
		}
	}
	if (ev_db_commit(db))
		return -1;
	if (applied)
		*applied = n;
	return 0;
}

/* ---- schema self-check ------------------------------------------------ */

/* Another program may drop a trigger, a view or a table that evidence
 * relies on: a history trigger gone means changes escape the history, a
 * search trigger gone a stale index. The migrations are the definition of
 * what must be there: the build applies them to a new database and
 * compiles what they made into the binary (ev_schema_objects, see
 * schema/objects.c), and the check compares names with that list. It
 * looks only for what is missing (a database made by an earlier build may
 * spell an object's SQL otherwise). Applying the migrations here instead,
 * to an in-memory database at every writing command's start, cost 34 ms
 * of each `evidence add` (40 ms in all; 152 of 182 ms with sanitizers). */

static int repair_allowed; /* see ev_db_allow_repair */

void ev_db_allow_repair(void) { repair_allowed = 1; }

/* Object names ("trigger 'x'") and columns ("column 'studies.doi'"), each
 * with the statement that creates it (NULL for a column). */
struct schema_list {
	char **v;
	char **sql;
	int n, cap;
};

static void schema_list_add(struct schema_list *l, const char *what, const char *sql)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = ev_xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
		l->sql = ev_xrealloc(l->sql, (size_t)l->cap * sizeof *l->sql);
	}
	l->v[l->n] = ev_xstrdup(what);
	l->sql[l->n++] = sql ? ev_xstrdup(sql) : NULL;
}

static void schema_list_free(struct schema_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->v[i]);
		free(l->sql[i]);
	}
	free(l->v);
	free(l->sql);
	memset(l, 0, sizeof *l);
}

static int schema_list_has(const struct schema_list *l, const char *what)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i], what) == 0)
			return 1;
	return 0;
}

/* Reads h's objects (in creation order), then its columns, into l. 0 or -1.
 * Columns come from one PRAGMA table_info per table, not from a join with
 * the pragma_table_info table-valued function: once sqlite3_deserialize
 * had replaced the schema of "main" after that join (the fuzz harnesses
 * load their fixture so), SQLite 3.40 read freed memory preparing the
 * next statement on pragma_table_info (fuzz_dbread crashed). */
static int schema_read(sqlite3 *h, struct schema_list *l)
{
	static const char objects[] = "SELECT type || ' ''' || name || '''', sql, type = 'table', name FROM "
				      "sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL "
				      "ORDER BY rowid";
	sqlite3_stmt *st = NULL;
	struct schema_list tables = {0};
	int rc;
	if (sqlite3_prepare_v2(h, objects, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		schema_list_add(l, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_int(st, 2))
			schema_list_add(&tables, (const char *)sqlite3_column_text(st, 3), NULL);
	}
	sqlite3_finalize(st);
	for (int t = 0; rc == SQLITE_DONE && t < tables.n; t++) {
		char *sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", tables.v[t]);
		if (!sql || sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
			sqlite3_free(sql);
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_free(sql);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char *what = ev_xasprintf("column '%s.%s'", tables.v[t], (const char *)sqlite3_column_text(st, 1));
			schema_list_add(l, what, NULL);
			free(what);
		}
		sqlite3_finalize(st);
	}
	schema_list_free(&tables);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* What the migrations define (ev_schema_objects) and db lacks, in
 * creation order, into missing. 0, or -1 when db's schema could not be
 * read (the caller's own statements then report what is wrong). */
static int schema_missing(struct ev_db *db, struct schema_list *missing)
{
	struct schema_list have = {0};
	if (schema_read(db->h, &have)) {
		schema_list_free(&have);
		return -1;
	}
	for (const struct ev_schema_object *o = ev_schema_objects; o->what; o++) {
		if (schema_list_has(&have, o->what))
			continue;
		/* The columns of a missing table come back with it. */
		if (strncmp(o->what, "column '", 8) == 0) {
			const char *t = o->what + 8;
			char *table = ev_xasprintf("table '%.*s'", (int)strcspn(t, "."), t);
			int gone = schema_list_has(missing, table);
			free(table);
			if (gone)
				continue;
		}
		schema_list_add(missing, o->what, o->sql);
	}
	schema_list_free(&have);
	return 0;
}

int ev_db_schema_list(struct ev_db *db, void (*each)(void *ud, const char *what, const char *sql), void *ud)
{
	struct schema_list l = {0};
	int rc = schema_read(db->h, &l);
	for (int i = 0; rc == 0 && i < l.n; i++)
		each(ud, l.v[i], l.sql[i]);
	schema_list_free(&l);
	return rc;
}

/* "trigger 'a', view 'b' and column 'c.d'": allocated. */
static char *schema_names(const struct schema_list *l)
{
	struct ev_buf b = EV_BUF_INIT;
	for (int i = 0; i < l->n; i++)
		ev_buf_addf(&b, "%s%s", i == 0 ? "" : i == l->n - 1 ? " and " : ", ", l->v[i]);
	return ev_buf_take(&b);
}

/* Recreates what is missing, in one transaction, and says what it did. A
 * dropped column cannot be recreated: its values went with it. */
static int schema_repair(struct ev_db *db, const struct schema_list *missing)
{
	for (int i = 0; i < missing->n; i++)
		if (!missing->sql[i])
			return ev_error("'%s' has lost %s, which 'evidence init' cannot restore (its values went with "
					"it): restore a backup, or rebuild the database from 'evidence dump'",
					db->path, missing->v[i]);
	if (ev_db_begin(db))
		return -1;
	for (int i = 0; i < missing->n; i++) {
		char what[300];
		snprintf(what, sizeof what, "restoring %s", missing->v[i]);
		if (ev_db_exec(db, missing->sql[i], what)) {
			ev_db_rollback(db);
			return -1;
		}
	}
	if (ev_db_commit(db))
		return -1;
	for (int i = 0; i < missing->n; i++)
		ev_note("restored %s, which another program had removed%s", missing->v[i],
			strncmp(missing->v[i], "table ", 6) == 0 ? " (empty: the rows it held went with it)" : "");
	return 0;
}

/* The check of ev_db_open for writing commands: a database that lacks
 * part of its schema is refused, naming what is missing; `init`
 * (ev_db_allow_repair) restores it instead. 0 or -1 (reported). */
static int schema_check(struct ev_db *db)
{
	struct schema_list missing = {0};
	int rc = 0;
	if (schema_missing(db, &missing) || missing.n == 0)
		goto done;
	if (repair_allowed) {
		rc = schema_repair(db, &missing);
	} else {
		char *names = schema_names(&missing);
		rc = ev_error("'%s' is missing %s (removed by another program?), so %s; 'evidence init' restores %s",
			      db->path, names,
			      strstr(names, "history") ? "changes would escape the history"
						       : "this command cannot work as documented",
			      missing.n == 1 ? "it" : "them");
		free(names);
	}
done:
	schema_list_free(&missing);
	return rc;
}

int ev_db_explain_missing(struct ev_db *db)
{
	struct schema_list missing = {0};
	int rc = 0;
	if (schema_missing(db, &missing) == 0 && missing.n > 0) {
		char *names = schema_names(&missing);
		rc = ev_error("'%s' is missing %s (removed by another program?); 'evidence init' restores %s", db->path,
			      names, missing.n == 1 ? "it" : "them");
		free(names);
	}
	schema_list_free(&missing);
	return rc;
}

/* Switches a new database to WAL. That takes the database to itself for a
 * moment, and SQLite does not wait for it (the busy handler would risk a
 * deadlock with a reader upgrading), so processes creating one database
 * at once wait here instead, as long as the busy timeout. 0 or -1. */
static int enable_wal(struct ev_db *db)
{
	for (int waited = 0;; waited += 10) {
		int rc = sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) || waited >= EV_WAL_SWITCH_MS)
			return ev_db_fail(db, "enabling WAL");
		sqlite3_sleep(10);
	}
}

/* 0 when this process may write `path`, else the errno that says why not
 * (EACCES, EROFS for a read-only file system, EPERM for an immutable
 * file). access() asks the kernel, so root, ACLs and mounts all count. */
static int cannot_write(const char *path) { return access(path, W_OK) == 0 ? 0 : errno; }

/* Whether the file system holding folder `dir` has less than `bytes`
 * free for this user, or no free inode (so no -wal or -shm file can be
 * made there). statvfs failing says nothing. */
static int no_room(const char *dir, unsigned long long bytes)
{
	struct statvfs v;
	if (statvfs(dir, &v) != 0)
		return 0;
	return (unsigned long long)v.f_bavail * v.f_frsize < bytes || (v.f_files > 0 && v.f_favail == 0);
}

static int exists_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static void file_id(const struct stat *sb, struct ev_file_id *id)
{
	id->dev = (unsigned long long)sb->st_dev;
	id->ino = (unsigned long long)sb->st_ino;
	id->size = (unsigned long long)sb->st_size;
	id->mtime_s = (long long)sb->st_mtim.tv_sec;
	id->mtime_ns = (long long)sb->st_mtim.tv_nsec;
}

/* Checks that a writing command can write everything WAL needs, and
 * reports what it cannot. 0 or -1. */
static int check_writable(const char *path, int exists)
{
	char *dir = folder_of(path), *wal = ev_xasprintf("%s-wal", path), *shm = ev_xasprintf("%s-shm", path);
	int e, rc = -1;
	if (exists && (e = cannot_write(path)) != 0)
		ev_error("cannot write '%s': %s; commands that only read it still work", path, strerror(e));
	/* -wal and -shm come and go with other processes (the last to close
	 * removes them): one that is missing, or vanishes now, is no problem. */
	else if (exists && (e = cannot_write(wal)) != 0 && e != ENOENT)
		ev_error("cannot write '%s' (%s), the write-ahead log of '%s'; it was probably left by another "
			 "user's process: ask them or an administrator to remove it while nothing uses the database",
			 wal, strerror(e), path);
	else if (exists && (e = cannot_write(shm)) != 0 && e != ENOENT)
		ev_error("cannot write '%s' (%s), the shared-memory index of '%s'; it was probably left by another "
			 "user's process: ask them or an administrator to remove it while nothing uses the database",
			 shm, strerror(e), path);
	/* No room for the -shm (32 KiB) and -wal files: SQLite would fail
	 * on its first read with "cannot write", which says less. */
	else if ((!exists || !exists_file(wal)) && cannot_write(dir) == 0 && no_room(dir, 40960ULL))
		ev_error("the disk holding '%s' is full; nothing was written", path);
	else if ((!exists || !exists_file(wal)) && (e = cannot_write(dir)) != 0)
		ev_error(exists ? "cannot write in the folder '%s' (%s): SQLite keeps the write-ahead log of '%s' "
				  "next to it while writing; commands that only read it still work"
				: "cannot create a database in the folder '%s' (%s) for '%s'",
			 dir, strerror(e), path);
	else
		rc = 0;
	free(dir);
	free(wal);
	free(shm);
	return rc;
}

/* ---- a new database, made beside its path --------------------------- */

/* Removes the files SQLite keeps beside a database. */
static void remove_sidecars(const char *path)
{
	const char *sfx[] = {"-wal", "-shm", "-journal"};
	for (int i = 0; i < 3; i++) {
		char *side = ev_xasprintf("%s%s", path, sfx[i]);
		unlink(side);
		free(side);
	}
}

/* Takes PATH.new (db->new_path) to make the missing database db->path
 * in: opened and locked with flock(), which every process creating the
 * database takes, so only one makes it; the others wait here as writers
 * wait (on_busy: --wait, and the notice naming whom they wait for).
 * Whoever holds it last unlinks it, so a waiter that gets the lock checks
 * that PATH.new still names its file, and then that PATH is still
 * missing. What PATH.new holds is left over from a process killed while it
 * made the database: emptied here, with the journal or log SQLite may
 * have left beside it (which would otherwise be applied to the new file).
 * A PATH.new with a second name is no leftover to empty: a process killed
 * between linking it into place and unlinking it leaves PATH.new naming
 * the database, wherever that has since been moved; that name is dropped.
 * Returns 1 (held, db->new_fd set), 0 (PATH exists now: open it) or -1
 * (reported). */
static int take_new(struct ev_db *db)
{
	for (int count = 0;;) {
		int fd = open(db->new_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0)
			return ev_error("cannot create '%s' to make the new database '%s' in: %s", db->new_path, db->path,
					strerror(errno));
		int e;
		while ((e = flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : errno) != 0)
			if (e != EINTR && (e != EWOULDBLOCK || !on_busy(db, count++)))
				break;
		if (e) {
			close(fd);
			if (e == EWOULDBLOCK)
				return ev_error("the database '%s' is being created by another process; gave up after %ld "
						"s as --wait or EVIDENCE_WAIT asked",
						db->path, (ev_db_wait_ms + 999) / 1000);
			return ev_error("cannot lock '%s' to make the new database '%s' in: %s", db->new_path, db->path,
					strerror(e));
		}
		struct stat mine, named;
		if (fstat(fd, &mine) != 0 || stat(db->new_path, &named) != 0 || mine.st_dev != named.st_dev ||
		    mine.st_ino != named.st_ino) {
			close(fd); /* its last holder unlinked it: take the new one */
			continue;
		}
		if (lstat(db->path, &named) == 0) {
			unlink(db->new_path);
			close(fd);
			return 0;
		}
		if (!S_ISREG(mine.st_mode)) {
			close(fd);
			return ev_error("cannot make the new database '%s' in '%s': that is not a regular file", db->path,
					db->new_path);
		}
		if (mine.st_nlink != 1) {
			unlink(db->new_path);
			close(fd);
			continue;
		}
		if (ftruncate(fd, 0) != 0) {
			e = errno;
			close(fd);
			return ev_error("cannot empty '%s' to make the new database '%s' in: %s", db->new_path, db->path,
					strerror(e));
		}
		remove_sidecars(db->new_path);
		db->new_fd = fd;
		return 1;
	}
}

/* Puts the database made in PATH.new in place: switched to WAL (the
 * journal every database has in place, for readers beside a writer),
 * closed, synced, linked to PATH, and PATH.new unlinked and unlocked; then
 * opened again as PATH. link() fails where PATH exists, so another program
 * that made a file there meanwhile keeps it. A file system without hard
 * links gets rename(): every process creating PATH holds PATH.new first,
 * so none can have made PATH meanwhile. 0 or -1 (reported; PATH.new is
 * then removed by ev_db_discard or ev_db_close). */
static int publish(struct ev_db *db)
{
	if (ev_db_exec(db, "PRAGMA journal_mode=WAL", "switching the new database to WAL"))
		return -1;
	close_handle(db);
	if (fsync(db->new_fd) != 0)
		return ev_error("cannot write '%s' (%s); nothing was written", db->new_path, strerror(errno));
	if (link(db->new_path, db->path) == 0) {
		unlink(db->new_path);
	} else if (errno == EEXIST) {
		return ev_error("'%s' was made by another program while this command made the database; it is left as "
				"it is, and nothing was written",
				db->path);
	} else if (rename(db->new_path, db->path) != 0) {
		return ev_error("cannot put the new database '%s' in place (%s); nothing was written", db->path,
				strerror(errno));
	}
	/* The new name on disk too, before anything is said about it. */
	char *dir = folder_of(db->path);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd); /* some file systems cannot sync a folder; the file itself is synced */
		close(dfd);
	}
	free(dir);
	close(db->new_fd);
	db->new_fd = -1;
	free(db->new_path);
	db->new_path = NULL;
	db->publish_at_commit = 0;
	if (open_handle(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW) ||
	    ev_db_exec(db, "PRAGMA foreign_keys=ON", "enabling foreign keys"))
		return -1;
	return 0;
}

/* Drops a database that was never published: its connection closed (what
 * it had not committed is gone with it), PATH.new removed and unlocked. */
static void drop_new(struct ev_db *db)
{
	if (db->new_fd >= 0) {
		close_handle(db);
		db->in_tx = 0;
		ev_db_remove_files(db->new_path);
		close(db->new_fd);
	}
	db->new_fd = -1;
	free(db->new_path);
	db->new_path = NULL;
}

int ev_db_open(struct ev_db *db, const char *path, enum ev_access mode)
{
	struct stat sb;
	int app = 0, version = 0, tables = 0;
	memset(db, 0, sizeof *db);
	db->path = ev_xstrdup(path);
	db->access = mode;
	db->new_fd = -1;
	int creating = mode == EV_DB_CREATE || mode == EV_DB_LOAD, memory = strcmp(path, ":memory:") == 0;

again:;
	int exists = stat(path, &sb) == 0;
	if (!exists && !creating) {
		ev_error("no database at '%s'; create one with 'evidence init' or load data with "
			 "'evidence import FILE...' (--db PATH or $EVIDENCE_DB choose another)",
			 path);
		goto fail;
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		ev_error("'%s' is a directory, not a database", path);
		goto fail;
	}
	/* A device or FIFO is no database, and SQLite would leave a journal
	 * named after it in its folder (/dev/null-journal). */
	if (exists && !S_ISREG(sb.st_mode)) {
		ev_error("'%s' is not a regular file, so it cannot be a database", path);
		goto fail;
	}
	/* SQLite takes an empty file for an empty database, and the
	 * migrations would turn it into one: a reading command must not. */
	if (exists && sb.st_size == 0 && mode == EV_DB_READ) {
		ev_error("'%s' is empty, not a database; 'evidence init' makes it one", path);
		goto fail;
	}
	if (mode != EV_DB_READ && !memory && check_writable(path, exists))
		goto fail;
	/* Nothing at all at path: a dangling symbolic link is left to
	 * SQLite, which refuses it (SQLITE_OPEN_NOFOLLOW) with the reason. */
	struct stat lsb;
	if (!exists && !memory && lstat(path, &lsb) != 0) {
		db->new_path = ev_xasprintf("%s.new", path);
		int held = take_new(db);
		if (held < 0)
			goto fail;
		if (!held) { /* made by another process meanwhile */
			free(db->new_path);
			db->new_path = NULL;
			goto again;
		}
	}
	int flags = creating ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE;
	/* NOMUTEX: one connection per process, used by one thread at a time,
	 * so SQLite's per-call mutexes are pure overhead. */
	flags |= SQLITE_OPEN_NOMUTEX;
	int query_only = 0;
	if (mode == EV_DB_READ) {
		/* Where this process may write, a reading command reads through a
		 * read-write connection made query-only: as the last connection
		 * to close it then removes the -wal and -shm files, which a
		 * SQLITE_OPEN_READONLY connection always leaves behind. Where it
		 * may not, the file is read as it is when no log is pending
		 * (immutable), else through SQLite's read-only WAL support. */
		char *dir = folder_of(path), *wal = ev_xasprintf("%s-wal", path);
		int has_wal = exists_file(wal);
		/* A full disk cannot take the -shm and -wal a read-write
		 * connection creates: the reader would fail and leave them
		 * empty behind. With no log pending, read the file as it is,
		 * as on a read-only medium, so a backup or export still
		 * works exactly when the disk is full. */
		if (!cannot_write(path) && !cannot_write(dir) && (has_wal || !no_room(dir, 131072ULL))) {
			query_only = 1;
		} else if (!has_wal) {
			db->immutable = 1;
			file_id(&sb, &db->opened);
			flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
		} else {
			flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
		}
		free(dir);
		free(wal);
	}
	if (open_handle(db, flags | SQLITE_OPEN_NOFOLLOW))
		goto fail;
	db->created = !exists;
	db->upgraded_from = -1;
	if (inspect(db, &app, &version, &tables))
		goto fail;

	if (version < ev_nmigrations) {
		/* An older (or new, empty) database is brought up to date even by
		 * a reading command, which needs a writable connection for it. */
		if (mode == EV_DB_READ && !query_only) {
			ev_error("'%s' has schema version %d and needs upgrading to %d, but it cannot be written; run "
				 "'evidence init' where it is writable",
				 path, version, ev_nmigrations);
			goto fail;
		}
		if (version == 0 &&
		    ev_db_exec(db, "PRAGMA page_size=" EV_PAGE_SIZE "; PRAGMA cache_size=-2000", "setting the page size"))
			goto fail;
		/* A database made in PATH.new is seen by no other process
		 * until it is published, so it needs no write-ahead log (which
		 * writes each page twice, into the log and at the checkpoint)
		 * and no sync before then: a rollback journal in memory keeps
		 * ROLLBACK and savepoints working, and publish() syncs the file
		 * once. An import of 1,000,000 studies into a new database took
		 * 10.1 to 14.0 s through the log, 7.3 to 9.2 without (four runs
		 * of each in turn; system time 3.5-4.6 s -> 0.95-1.3 s). */
		if (db->new_fd >= 0 ? ev_db_exec(db, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF",
						 "setting up the new database")
				    : enable_wal(db))
			goto fail;
		if (ev_db_migrate(db, NULL))
			goto fail;
		if (exists && version > 0)
			db->upgraded_from = version;
	}
	if (mode != EV_DB_READ && schema_check(db))
		goto fail;
	/* A reading command cannot change anything, even by mistake. */
	db->query_only = query_only;
	if (query_only && ev_db_exec(db, "PRAGMA query_only=ON", "opening the database for reading"))
		goto fail;
	if (ev_db_exec(db, "PRAGMA foreign_keys=ON", "enabling foreign keys"))
		goto fail;
	if (db->new_fd >= 0 && mode == EV_DB_LOAD)
		db->publish_at_commit = 1;
	else if (db->new_fd >= 0 && publish(db))
		goto fail;
	const char *plans = getenv("EVIDENCE_PLANS");
	if (plans && *plans && strcmp(plans, "0") != 0)
		ev_db_set_plan_hook(db, print_plan, NULL);
	return 0;
fail:
	ev_db_discard(db);
	return -1;
}

int ev_db_check_unchanged(struct ev_db *db)
{
	struct stat sb;
	struct ev_file_id now;
	if (!db->immutable || !db->path)
		return 0;
	char *wal = ev_xasprintf("%s-wal", db->path);
	int has_wal = exists_file(wal);
	free(wal);
	memset(&now, 0, sizeof now);
	if (stat(db->path, &sb) == 0)
		file_id(&sb, &now);
	const struct ev_file_id *was = &db->opened;
	if (!has_wal && now.dev == was->dev && now.ino == was->ino && now.size == was->size &&
	    now.mtime_s == was->mtime_s && now.mtime_ns == was->mtime_ns)
		return 0;
	return ev_error("'%s' was changed by another process while this command read it, so the answer may "
			"mix old and new data; run the command again",
			db->path);
}

void ev_db_discard(struct ev_db *db)
{
	if (db->new_path) {
		drop_new(db);
		ev_db_close(db);
		return;
	}
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
	/* A command that created the database and then failed leaves no
	 * empty database behind. */
	if (created && path)
		ev_db_remove_files(path);
	free(path);
}

void ev_db_remove_files(const char *path)
{
	remove_sidecars(path);
	unlink(path);
}

void ev_db_close(struct ev_db *db)
{
	if (db->new_path)
		drop_new(db); /* only a commit publishes a database made beside its path */
	if (db->in_tx)
		ev_db_rollback(db);
	close_handle(db);
	free(db->path);
	db->path = NULL;
}

int ev_db_begin(struct ev_db *db)
{
	if (ev_db_exec(db, "BEGIN IMMEDIATE", "starting a transaction"))
		return -1;
	db->in_tx = 1;
	db->change_id = 0;
	return 0;
}

int ev_db_begin_read(struct ev_db *db)
{
	if (db->in_tx)
		return 0;
	if (ev_db_exec(db, "BEGIN DEFERRED", "starting a read transaction"))
		return -1;
	db->in_tx = 1;
	return 0;
}

void ev_db_set_commit_hook(struct ev_db *db, int (*fn)(struct ev_db *db)) { db->before_commit = fn; }

int ev_db_commit(struct ev_db *db)
{
	if ((db->before_commit && db->before_commit(db)) || (db->change_id && record_change_set(db)) ||
	    ev_db_exec(db, "COMMIT", "committing")) {
		ev_db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	db->change_id = 0;
	return db->publish_at_commit ? publish(db) : 0;
}

int ev_db_upkeep(struct ev_db *db, int (*fn)(struct ev_db *db, void *ud), void *ud)
{
	if (db->access != EV_DB_READ)
		return fn(db, ud); /* a writing command's own transaction */
	if (!db->query_only)
		return 1;
	if (db->in_tx && ev_db_commit(db))
		return -1;
	int rc = ev_db_exec(db, "PRAGMA query_only=OFF", "preparing to update the database");
	if (!rc && !(rc = ev_db_begin(db))) {
		rc = fn(db, ud);
		if (rc)
			ev_db_rollback(db);
		else
			rc = ev_db_commit(db);
	}
	/* Back to reading only, whatever happened. */
	if (ev_db_exec(db, "PRAGMA query_only=ON", "opening the database for reading") || ev_db_begin_read(db))
		rc = -1;
	return rc ? -1 : 0;
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

/* ev_db_exec_id and ev_db_exec_ids: the first n of ?1 = a, ?2 = b. */
static int exec_bound(struct ev_db *db, const char *sql, int n, int64_t a, int64_t b, const char *what)
{
	sqlite3_stmt *st = ev_db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	if (n > 1)
		sqlite3_bind_int64(st, 2, b);
	int rc = ev_db_step(db, st, what);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return ev_db_fail(db, what);
	return rc == SQLITE_DONE ? 0 : -1;
}

int ev_db_exec_id(struct ev_db *db, const char *sql, int64_t id, const char *what)
{
	return exec_bound(db, sql, 1, id, 0, what);
}

int ev_db_exec_ids(struct ev_db *db, const char *sql, int64_t a, int64_t b, const char *what)
{
	return exec_bound(db, sql, 2, a, b, what);
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

int ev_db_copy(struct ev_db *db, const char *path)
{
	sqlite3 *to = NULL;
	int rc = sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(to, "main", db->h, "main");
		if (b) {
			sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
		}
		rc = sqlite3_errcode(to);
	}
	if (rc != SQLITE_OK) {
		ev_error("cannot copy the database to '%s': %s", path, to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
		sqlite3_close(to);
		return -1;
	}
	return sqlite3_close(to) == SQLITE_OK ? 0 : ev_error("cannot copy the database to '%s'", path);
}
