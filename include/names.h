/*
 * names.h: author lists, split into family names, particles, given names
 * and initials (names.c), and written back in the stored form.
 */
#ifndef EV_NAMES_H
#define EV_NAMES_H

#include "util.h"

/* One author. A person has a family name, and usually initials and a
 * given name; an organisation ("World Health Organization") or a name
 * that is not in any form we can split is `literal`, held whole in
 * family. The strings belong to the list (struct ev_names). */
struct ev_name {
	char *family;    /* "Meer", "Dawson-Hughes", "O'Donnell"; the whole name when literal */
	char *particle;  /* "van der", "de", "de la" (lowercase words before the family name), or NULL */
	char *given;     /* "I. M." (from initials) or "John A." (as written), or NULL */
	char *initials;  /* Vancouver form: "IM", "J-P"; NULL when none */
	char *suffix;    /* "Jr", "III", or NULL */
	int literal;
};

struct ev_names {
	struct ev_name *v;
	int n;
	int et_al;       /* the list ends with "et al.": more authors exist */
	char *store;     /* the text of every name, in one allocation */
};

/* Splits an author list. The stored form is Vancouver: comma-separated
 * "Family Initials" entries ("van der Meer IM", "King JT Jr"), optionally
 * ending with "et al." or a final period (as PubMed writes it). A list
 * with semicolons is read as "Family, Given; Family, Given". Leading
 * lowercase words of a family name are its particle. An entry whose last
 * word is not initials is kept whole as a literal name. Never fails;
 * allocates (free with ev_names_free). NULL or "" gives no names. */
void ev_names_parse(const char *authors, struct ev_names *out);
void ev_names_free(struct ev_names *names);

/* One author as a reference manager holds it, for ev_names_store. */
struct ev_name_parts {
	const char *family; /* with any particle: "van der Meer"; the whole name when literal */
	const char *given;  /* "I. M.", "Irene M.", or NULL */
	const char *suffix; /* "Jr.", "III", or NULL */
	int literal;        /* an organisation or a name kept whole */
};

/* The inverse of ev_names_parse: an author list in the stored form.
 * When every given name is initials ("J. M.", "J.-P.") the list is
 * Vancouver ("van der Meer IM, King JT Jr"), else "Family, Given[,
 * Suffix]; ..." so that no given name is lost; ", et al." (or "; et al.")
 * ends an incomplete list. Returns a new string, or NULL for no names. */
char *ev_names_store(const struct ev_name_parts *v, int n, int et_al);

/* The word classes the parse splits a name by, for code that looks at a
 * name's words without a whole parse (similar.c, once per imported row):
 * a word of initials, 1 to 6 capital letters with periods or hyphens
 * between ("JM", "J.M.", "J-P"), and a generational suffix ("Jr", "III"). */
int ev_name_is_initials(const char *s, size_t n);
int ev_name_is_suffix(const char *s, size_t n);

/* Pieces the citation formats share. */
/* The suffix with its period where APA, BibTeX and CSL want one: "Jr."
 * and "Sr."; others as written. Borrowed. */
const char *ev_name_suffix_dotted(const char *sfx);
/* Appends the family name with its particle: "van der Meer". */
void ev_name_add_family(struct ev_buf *b, const struct ev_name *nm);
/* Appends given names made from Vancouver initials: "JM" gives "J. M.",
 * "J-P" gives "J.-P.". */
void ev_initials_add_given(struct ev_buf *b, const char *ini);

#endif
