/*
 * latex.h: text in BibTeX files, which is LaTeX (latex.c): escaping, title
 * case protection, and the way back.
 */
#ifndef EV_LATEX_H
#define EV_LATEX_H

#include <stddef.h>

#include "util.h"

/* Options for the BibTeX writer. */
#define EV_BIBTEX_ASCII 1 /* write accented letters as LaTeX accents ({\'e}) */

/* Appends s with the characters BibTeX and LaTeX treat specially escaped:
 * & % $ # _ as \&..., braces as \{ \} when they balance (else
 * \textbraceleft{}), ~ ^ \ as \textasciitilde{} \textasciicircum{}
 * \textbackslash{}, and < > | (other glyphs in LaTeX's default OT1 font
 * encoding) as \textless{} \textgreater{} {$|$}. Whitespace is folded.
 * Returns the number of non-ASCII characters kept as UTF-8 under
 * EV_BIBTEX_ASCII (0 otherwise). */
int ev_bibtex_escape(struct ev_buf *b, const char *s, unsigned flags);
/* ev_bibtex_escape of f[0..n), whose whitespace is folded already (by
 * ev_spaces_folded): for callers that fold once and escape parts. */
int ev_bibtex_escape_folded(struct ev_buf *b, const char *f, size_t n, unsigned flags);

/* True when every brace of s[0..n) has its partner, so a verbatim field
 * (a DOI) can hold s as it is. */
int ev_bibtex_braces_pair(const char *s, size_t n);

/* Appends a title escaped, with the words a style must not lowercase in
 * braces: acronyms and mixed-case or alphanumeric names ({MK-7}, {MGP},
 * {VitaK-CAC}, {K2}), single capital letters ({D}), and, in a title
 * written in sentence case, every capitalised word after the first (proper
 * nouns: {Rotterdam} {Study}). Returns as ev_bibtex_escape. */
int ev_bibtex_title(struct ev_buf *b, const char *title, unsigned flags);

/* The inverse of ev_bibtex_escape for a field value as a BibTeX reader
 * gives it (outer delimiters gone): \& and the other escapes, the
 * accent forms --ascii writes (and \'e, \'{e}) as UTF-8, case-protecting
 * braces dropped. Other commands are kept as written. Appends to b. */
void ev_bibtex_unescape(struct ev_buf *b, const char *s);

#endif
