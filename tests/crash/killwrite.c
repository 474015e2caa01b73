/*
 * killwrite.c: an LD_PRELOAD library for the crash tests. It counts the
 * calls a process makes that change files (write, pwrite, pwrite64,
 * ftruncate, fsync, fdatasync on regular files other than stdin, stdout
 * and stderr) or folders (link, rename, unlink: a new database is linked
 * into place, db.c's publish) and kills the process with SIGKILL just
 * before call number
 * $EV_KILL_AT, so a test can stop a command at an exact point of its
 * writing: in the middle of a transaction spilling pages to the WAL, between
 * the frames of a commit, before or after the sync, during a checkpoint.
 * With $EV_COUNT_FILE set, the number of such calls made is written there
 * at exit, so the test knows how many points there are. With
 * $EV_KILLED_DIR set, an empty file named after the process id is made
 * there just before the kill: valgrind reports a killed process's memory
 * as leaked, and the check-valgrind runner skips those reports.
 *
 * The real functions are found with dlsym(RTLD_NEXT): SQLite calls them
 * through the library's PLT, so the interposition catches all of them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long count, kill_at = -1;

__attribute__((constructor)) static void init(void)
{
	const char *at = getenv("EV_KILL_AT");
	char *end;
	if (at && *at) {
		long k = strtol(at, &end, 10);
		if (!*end && k > 0)
			kill_at = k;
	}
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("EV_COUNT_FILE");
	FILE *fp;
	if (path && *path && (fp = fopen(path, "w"))) {
		fprintf(fp, "%ld\n", count);
		fclose(fp);
	}
}

/* Counts a call; dies at the chosen one. */
static void counted(void)
{
	if (++count == kill_at) {
		const char *dir = getenv("EV_KILLED_DIR");
		char path[4096];
		/* open and close only: a write() would come back here. */
		if (dir && snprintf(path, sizeof path, "%s/%ld", dir, (long)getpid()) < (int)sizeof path) {
			int m = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (m >= 0)
				close(m);
		}
		raise(SIGKILL);
	}
}

/* Counts a call on fd when it is a regular file. */
static void point(int fd)
{
	struct stat sb;
	int saved = errno;
	if (fd > 2 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		counted();
	errno = saved;
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef int (*truncate_fn)(int, off_t);
typedef int (*sync_fn)(int);
typedef int (*names_fn)(const char *, const char *);
typedef int (*name_fn)(const char *);

/* The next definition of `name` (libc's). */
static void *next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f)
		abort();
	return f;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static write_fn real;
	if (!real)
		real = (write_fn)next("write");
	point(fd);
	return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	static pwrite_fn real;
	if (!real)
		real = (pwrite_fn)next("pwrite");
	point(fd);
	return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	static pwrite_fn real;
	if (!real)
		real = (pwrite_fn)next("pwrite64");
	point(fd);
	return real(fd, buf, n, off);
}

int ftruncate(int fd, off_t len)
{
	static truncate_fn real;
	if (!real)
		real = (truncate_fn)next("ftruncate");
	point(fd);
	return real(fd, len);
}

int ftruncate64(int fd, off_t len)
{
	static truncate_fn real;
	if (!real)
		real = (truncate_fn)next("ftruncate64");
	point(fd);
	return real(fd, len);
}

int fsync(int fd)
{
	static sync_fn real;
	if (!real)
		real = (sync_fn)next("fsync");
	point(fd);
	return real(fd);
}

int fdatasync(int fd)
{
	static sync_fn real;
	if (!real)
		real = (sync_fn)next("fdatasync");
	point(fd);
	return real(fd);
}

int link(const char *from, const char *to)
{
	static names_fn real;
	if (!real)
		real = (names_fn)next("link");
	counted();
	return real(from, to);
}

int rename(const char *from, const char *to)
{
	static names_fn real;
	if (!real)
		real = (names_fn)next("rename");
	counted();
	return real(from, to);
}

int unlink(const char *path)
{
	static name_fn real;
	if (!real)
		real = (name_fn)next("unlink");
	counted();
	return real(path);
}
