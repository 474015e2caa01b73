-- 011-title-index-prefix.sql: the title index keys the first 48
-- characters of a title, not all of it (issue 16).
--
-- studies_title (002-search.sql) serves one lookup: the check that an
-- imported record is not a study already there under another key, by its
-- title (lowered, without a final full stop) and year (model_pubmed.c).
-- It held every whole title: at 1,000,000 studies 146 MB, a sixth of the
-- database, which an import writes twice (the log, then the checkpoint).
-- The lookup needs the index only to find the candidates, and compares
-- each one's whole title, in id order, until one matches. Titles of one
-- year that agree in their first 48 characters and differ after are
-- rare; each one the lookup meets costs a row read. At 1,000,000 studies
-- the index is 61 MB (docs/performance.md).
--
-- The lookup's WHERE repeats this expression exactly, as SQLite needs to
-- use the index.
DROP INDEX studies_title;
CREATE INDEX studies_title ON studies(substr(lower(rtrim(title, '.')), 1, 48), year);
