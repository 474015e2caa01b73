/*
 * progress.c: the progress line (see progress.h).
 *
 * Drawn with a carriage return and "erase to end of line", the way curl,
 * pv and apt do, so it needs no terminal database. It is redrawn at most
 * 10 times a second: drawing is a write(2) to a terminal, and a million
 * rows must not mean a million writes. The clock is read only every 32
 * rows for the same reason.
 */
#define _XOPEN_SOURCE 700 /* ftello */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define REDRAW_NS 100000000LL /* 0.1 s */

static struct {
	int on;               /* showing progress for this operation */
	int drawn;            /* the line is on the screen now */
	const char *what;
	enum ev_progress_unit unit;
	int64_t total, rows;
	int64_t base;         /* bytes of the files before the current one */
	FILE *fp;
	int64_t fp_size;
	int64_t start, last;  /* monotonic ns */
} pg;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t ev_file_size(FILE *fp)
{
	struct stat sb;
	if (!fp || fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	return (int64_t)sb.st_size;
}

static int stderr_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	long c = cols ? strtol(cols, NULL, 10) : 0;
	if (c > 0 && c <= 10000)
		return (int)c;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static void clear_line(void)
{
	if (pg.drawn)
		fputs("\r\033[K", stderr);
	pg.drawn = 0;
}

/* Minutes and seconds ("4:07"), or hours too ("1:04:07"). */
static void fmt_duration(char *buf, size_t size, double s)
{
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

void ev_progress_format(char *buf, size_t size, const char *what, int64_t rows, double seconds, int64_t done,
			int64_t total, int width)
{
	char n[32], tail[128];
	ev_fmt_count(n, sizeof n, rows);
	int len = snprintf(tail, sizeof tail, "%s row%s", n, rows == 1 ? "" : "s");
	/* A rate over less than half a second is noise, and one under a row
	 * a second says nothing. */
	double rate = seconds >= 0.5 ? (double)rows / seconds : 0;
	if (rate >= 1 && len > 0) {
		char r[32];
		len += snprintf(tail + len, sizeof tail - (size_t)len, "  %s rows/s",
				ev_fmt_count(r, sizeof r, (int64_t)(rate + 0.5)));
	}
	if (total <= 0) {
		snprintf(buf, size, "%s: %s", what, tail);
		return;
	}
	if (done > total)
		done = total;
	if (seconds >= 1 && done > 0 && done < total && len > 0) {
		char left[32];
		fmt_duration(left, sizeof left, seconds * (double)(total - done) / (double)done);
		snprintf(tail + len, sizeof tail - (size_t)len, "  %s left", left);
	}
	int pct = (int)(100 * done / total);
	char head[64];
	int hl = snprintf(head, sizeof head, "%s %3d%% ", what, pct);
	/* The bar takes what is left of the line, within reason; the line
	 * stays a column short of the width so the terminal never wraps it. */
	int bar = width - 1 - hl - 2 - 1 - (int)strlen(tail);
	if (bar > 40)
		bar = 40;
	if (bar < 5) {
		snprintf(buf, size, "%s%s", head, tail);
		return;
	}
	char b[48];
	int fill = (int)((int64_t)bar * done / total);
	for (int i = 0; i < bar; i++)
		b[i] = i < fill ? '#' : '.';
	b[bar] = '\0';
	snprintf(buf, size, "%s[%s] %s", head, b, tail);
}

static void draw(int64_t t)
{
	int64_t done = pg.rows;
	if (pg.unit == EV_PROGRESS_BYTES) {
		off_t pos = pg.fp ? ftello(pg.fp) : 0;
		done = pg.base + (pos > 0 ? (int64_t)pos : 0);
	}
	char line[256];
	ev_progress_format(line, sizeof line, pg.what, pg.rows, (double)(t - pg.start) / 1e9, done, pg.total,
			   stderr_width());
	fprintf(stderr, "\r%s\033[K", line);
	pg.drawn = 1;
	pg.last = t;
}

void ev_progress_begin(const char *what, enum ev_progress_unit unit, int64_t total)
{
	const char *term = getenv("TERM");
	ev_progress_end();
	memset(&pg, 0, sizeof pg);
	pg.on = !ev_quiet && isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0);
	if (!pg.on)
		return;
	pg.what = what;
	pg.unit = unit;
	pg.total = total;
	pg.start = now_ns();
	pg.last = pg.start - REDRAW_NS; /* the first row draws at once */
	ev_before_message = clear_line;
}

void ev_progress_file(FILE *fp)
{
	if (!pg.on)
		return;
	if (pg.fp)
		pg.base += pg.fp_size;
	pg.fp = fp;
	pg.fp_size = ev_file_size(fp);
}

void ev_progress_row(void)
{
	if (!pg.on)
		return;
	pg.rows++;
	if (pg.rows != 1 && (pg.rows & 31))
		return;
	int64_t t = now_ns();
	if (t - pg.last >= REDRAW_NS)
		draw(t);
}

void ev_progress_end(void)
{
	if (!pg.on)
		return;
	clear_line();
	pg.on = 0;
	ev_before_message = NULL;
}
