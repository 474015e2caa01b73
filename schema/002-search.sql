-- 002-search.sql: full-text search over studies and claims (`evidence
-- search`, docs/search.md).
--
-- One FTS5 index holds both kinds, so that bm25 ranks a study and a claim
-- on the same corpus statistics: two separate indexes would score each
-- kind against its own vocabulary, and a merged list would not be ranked
-- by relevance. The index keeps its own copy of the text (a few
-- kilobytes per study), which also makes it impossible for it to drift
-- from a wrong 'delete' the way an external-content index can. Triggers
-- keep it in step with every write, whatever command or tool makes it.
--
-- rowid is 2 * id for a study and 2 * id + 1 for a claim, so a row is
-- found and replaced by its rowid without a scan.
--
-- The tokenizer folds case and diacritics ("Muller" finds "Müller");
-- src/model_search.c builds queries with the same tokenizer and arguments.

CREATE VIRTUAL TABLE search USING fts5(
	kind UNINDEXED,  -- 'study' or 'claim'
	key,
	title,           -- studies
	authors,         -- studies
	text,            -- claims
	quote,           -- claims
	notes,           -- both
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_study_insert AFTER INSERT ON studies BEGIN
	INSERT INTO search(rowid, kind, key, title, authors, notes)
	VALUES (2 * new.id, 'study', new.key, new.title, new.authors, new.notes);
END;

CREATE TRIGGER search_study_delete AFTER DELETE ON studies BEGIN
	DELETE FROM search WHERE rowid = 2 * old.id;
END;

CREATE TRIGGER search_study_update AFTER UPDATE ON studies
WHEN old.id IS NOT new.id OR old.key IS NOT new.key OR old.title IS NOT new.title
  OR old.authors IS NOT new.authors OR old.notes IS NOT new.notes
BEGIN
	DELETE FROM search WHERE rowid = 2 * old.id;
	INSERT INTO search(rowid, kind, key, title, authors, notes)
	VALUES (2 * new.id, 'study', new.key, new.title, new.authors, new.notes);
END;

CREATE TRIGGER search_claim_insert AFTER INSERT ON claims BEGIN
	INSERT INTO search(rowid, kind, key, text, quote, notes)
	VALUES (2 * new.id + 1, 'claim', new.key, new.text, new.quote, new.notes);
END;

CREATE TRIGGER search_claim_delete AFTER DELETE ON claims BEGIN
	DELETE FROM search WHERE rowid = 2 * old.id + 1;
END;

CREATE TRIGGER search_claim_update AFTER UPDATE ON claims
WHEN old.id IS NOT new.id OR old.key IS NOT new.key OR old.text IS NOT new.text
  OR old.quote IS NOT new.quote OR old.notes IS NOT new.notes
BEGIN
	DELETE FROM search WHERE rowid = 2 * old.id + 1;
	INSERT INTO search(rowid, kind, key, text, quote, notes)
	VALUES (2 * new.id + 1, 'claim', new.key, new.text, new.quote, new.notes);
END;

-- Titles as `evidence import` compares them to spot a study imported
-- twice under different keys (model_pubmed.c; the expression must match).
CREATE INDEX studies_title ON studies(lower(rtrim(title, '.')), year);

-- Index what a database made before this migration already holds.
INSERT INTO search(rowid, kind, key, title, authors, notes)
SELECT 2 * id, 'study', key, title, authors, notes FROM studies;
INSERT INTO search(rowid, kind, key, text, quote, notes)
SELECT 2 * id + 1, 'claim', key, text, quote, notes FROM claims;
