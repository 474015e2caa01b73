-- 002-history.sql: who changed what, and when.
--
-- Every change to articles, studies, claims (with their topics) and
-- evidence links is recorded field by field, by triggers, whichever code
-- path made it (import, add, edit, link, rm, and anything added later).
-- A command is one change set: one row in `changes` (when, who, the
-- command line) and one row in `history` per field that changed.
--
-- The triggers ask the program for the current change set through the
-- SQL function evidence_change(), which db.c registers on every
-- connection; the change set's own row is written by db.c just before
-- COMMIT, and only when the command changed something (hence the deferred
-- foreign key). Because the triggers run inside the command's transaction,
-- a command that fails and rolls back leaves no history, and a change
-- cannot be made behind history's back: a tool without evidence_change()
-- (the sqlite3 shell, say) can read the database but not modify these
-- tables. See docs/history.md.

CREATE TABLE changes (
	id      INTEGER PRIMARY KEY,
	-- UTC, ISO 8601, to the second: 2025-06-01T09:30:00Z
	at      TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
	who     TEXT NOT NULL,
	-- the command line, shell-quoted so it can be run again
	command TEXT NOT NULL
) STRICT;

CREATE TABLE history (
	id        INTEGER PRIMARY KEY,
	change_id INTEGER NOT NULL REFERENCES changes(id) DEFERRABLE INITIALLY DEFERRED,
	kind      TEXT NOT NULL CHECK (kind IN ('article', 'study', 'claim', 'link')),
	-- the row: its key; for a link, the claim's key, with the study's key
	-- and the outcome ('' when none) alongside
	key       TEXT NOT NULL,
	study     TEXT,
	outcome   TEXT,
	action    TEXT NOT NULL CHECK (action IN ('add', 'edit', 'remove')),
	-- a column of the import format (references as keys; a claim's topics
	-- as 'a;b')
	field     TEXT NOT NULL,
	-- values as stored; old is NULL for an added row, new for a removed one
	old       ANY,
	new       ANY,
	CHECK ((kind = 'link') = (study IS NOT NULL AND outcome IS NOT NULL))
) STRICT;
-- `evidence log KEY` and the topic triggers find rows by key (within a
-- change set); the study of a link and a renamed key are found too.
CREATE INDEX history_key ON history(key, change_id);
CREATE INDEX history_study ON history(study, change_id) WHERE study IS NOT NULL;
CREATE INDEX history_renamed ON history(old) WHERE field = 'key';
CREATE INDEX history_change ON history(change_id);

CREATE TRIGGER articles_history_add AFTER INSERT ON articles BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'article', NEW.key, NULL, NULL, 'add', f, v FROM (
		SELECT 1 AS i, 'key' AS f, NEW.key AS v UNION ALL
		SELECT 2, 'title', NEW.title UNION ALL
		SELECT 3, 'author', NEW.author UNION ALL
		SELECT 4, 'publisher', NEW.publisher UNION ALL
		SELECT 5, 'url', NEW.url UNION ALL
		SELECT 6, 'published', NEW.published
	) WHERE v IS NOT NULL ORDER BY i;
END;

CREATE TRIGGER articles_history_edit AFTER UPDATE ON articles BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'article', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 1 AS i, 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 2, 'title', OLD.title, NEW.title UNION ALL
		SELECT 3, 'author', OLD.author, NEW.author UNION ALL
		SELECT 4, 'publisher', OLD.publisher, NEW.publisher UNION ALL
		SELECT 5, 'url', OLD.url, NEW.url UNION ALL
		SELECT 6, 'published', OLD.published, NEW.published
	) WHERE o IS NOT n COLLATE BINARY ORDER BY i;
END;

CREATE TRIGGER articles_history_remove AFTER DELETE ON articles BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'article', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 1 AS i, 'key' AS f, OLD.key AS v UNION ALL
		SELECT 2, 'title', OLD.title UNION ALL
		SELECT 3, 'author', OLD.author UNION ALL
		SELECT 4, 'publisher', OLD.publisher UNION ALL
		SELECT 5, 'url', OLD.url UNION ALL
		SELECT 6, 'published', OLD.published
	) WHERE v IS NOT NULL ORDER BY i;
END;

CREATE TRIGGER studies_history_add AFTER INSERT ON studies BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'study', NEW.key, NULL, NULL, 'add', f, v FROM (
		SELECT 1 AS i, 'key' AS f, NEW.key AS v UNION ALL
		SELECT 2, 'title', NEW.title UNION ALL
		SELECT 3, 'authors', NEW.authors UNION ALL
		SELECT 4, 'journal', NEW.journal UNION ALL
		SELECT 5, 'year', NEW.year UNION ALL
		SELECT 6, 'volume', NEW.volume UNION ALL
		SELECT 7, 'issue', NEW.issue UNION ALL
		SELECT 8, 'pages', NEW.pages UNION ALL
		SELECT 9, 'doi', NEW.doi UNION ALL
		SELECT 10, 'pmid', NEW.pmid UNION ALL
		SELECT 11, 'design', NEW.design UNION ALL
		SELECT 12, 'country', NEW.country UNION ALL
		SELECT 13, 'population', NEW.population UNION ALL
		SELECT 14, 'sample_size', NEW.sample_size UNION ALL
		SELECT 15, 'duration_months', NEW.duration_months UNION ALL
		SELECT 16, 'intervention', NEW.intervention UNION ALL
		SELECT 17, 'comparator', NEW.comparator UNION ALL
		SELECT 18, 'risk_of_bias', NEW.risk_of_bias UNION ALL
		SELECT 19, 'funding', NEW.funding UNION ALL
		SELECT 20, 'status', NEW.status UNION ALL
		SELECT 21, 'source', NEW.source UNION ALL
		SELECT 22, 'notes', NEW.notes
	) WHERE v IS NOT NULL ORDER BY i;
END;

CREATE TRIGGER studies_history_edit AFTER UPDATE ON studies BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'study', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 1 AS i, 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 2, 'title', OLD.title, NEW.title UNION ALL
		SELECT 3, 'authors', OLD.authors, NEW.authors UNION ALL
		SELECT 4, 'journal', OLD.journal, NEW.journal UNION ALL
		SELECT 5, 'year', OLD.year, NEW.year UNION ALL
		SELECT 6, 'volume', OLD.volume, NEW.volume UNION ALL
		SELECT 7, 'issue', OLD.issue, NEW.issue UNION ALL
		SELECT 8, 'pages', OLD.pages, NEW.pages UNION ALL
		SELECT 9, 'doi', OLD.doi, NEW.doi UNION ALL
		SELECT 10, 'pmid', OLD.pmid, NEW.pmid UNION ALL
		SELECT 11, 'design', OLD.design, NEW.design UNION ALL
		SELECT 12, 'country', OLD.country, NEW.country UNION ALL
		SELECT 13, 'population', OLD.population, NEW.population UNION ALL
		SELECT 14, 'sample_size', OLD.sample_size, NEW.sample_size UNION ALL
		SELECT 15, 'duration_months', OLD.duration_months, NEW.duration_months UNION ALL
		SELECT 16, 'intervention', OLD.intervention, NEW.intervention UNION ALL
		SELECT 17, 'comparator', OLD.comparator, NEW.comparator UNION ALL
		SELECT 18, 'risk_of_bias', OLD.risk_of_bias, NEW.risk_of_bias UNION ALL
		SELECT 19, 'funding', OLD.funding, NEW.funding UNION ALL
		SELECT 20, 'status', OLD.status, NEW.status UNION ALL
		SELECT 21, 'source', OLD.source, NEW.source UNION ALL
		SELECT 22, 'notes', OLD.notes, NEW.notes
	) WHERE o IS NOT n COLLATE BINARY ORDER BY i;
END;

CREATE TRIGGER studies_history_remove AFTER DELETE ON studies BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'study', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 1 AS i, 'key' AS f, OLD.key AS v UNION ALL
		SELECT 2, 'title', OLD.title UNION ALL
		SELECT 3, 'authors', OLD.authors UNION ALL
		SELECT 4, 'journal', OLD.journal UNION ALL
		SELECT 5, 'year', OLD.year UNION ALL
		SELECT 6, 'volume', OLD.volume UNION ALL
		SELECT 7, 'issue', OLD.issue UNION ALL
		SELECT 8, 'pages', OLD.pages UNION ALL
		SELECT 9, 'doi', OLD.doi UNION ALL
		SELECT 10, 'pmid', OLD.pmid UNION ALL
		SELECT 11, 'design', OLD.design UNION ALL
		SELECT 12, 'country', OLD.country UNION ALL
		SELECT 13, 'population', OLD.population UNION ALL
		SELECT 14, 'sample_size', OLD.sample_size UNION ALL
		SELECT 15, 'duration_months', OLD.duration_months UNION ALL
		SELECT 16, 'intervention', OLD.intervention UNION ALL
		SELECT 17, 'comparator', OLD.comparator UNION ALL
		SELECT 18, 'risk_of_bias', OLD.risk_of_bias UNION ALL
		SELECT 19, 'funding', OLD.funding UNION ALL
		SELECT 20, 'status', OLD.status UNION ALL
		SELECT 21, 'source', OLD.source UNION ALL
		SELECT 22, 'notes', OLD.notes
	) WHERE v IS NOT NULL ORDER BY i;
END;

CREATE TRIGGER claims_history_add AFTER INSERT ON claims BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'claim', NEW.key, NULL, NULL, 'add', f, v FROM (
		SELECT 1 AS i, 'key' AS f, NEW.key AS v UNION ALL
		SELECT 2, 'article', (SELECT key FROM articles WHERE id = NEW.article_id) UNION ALL
		SELECT 3, 'text', NEW.text UNION ALL
		SELECT 4, 'quote', NEW.quote UNION ALL
		SELECT 5, 'stated_study', NEW.stated_study UNION ALL
		SELECT 6, 'stated_n', NEW.stated_n UNION ALL
		SELECT 7, 'stated_population', NEW.stated_population UNION ALL
		SELECT 8, 'stated_country', NEW.stated_country UNION ALL
		SELECT 9, 'stated_duration_months', NEW.stated_duration_months UNION ALL
		SELECT 10, 'stated_result', NEW.stated_result UNION ALL
		SELECT 11, 'notes', NEW.notes
	) WHERE v IS NOT NULL ORDER BY i;
END;

CREATE TRIGGER claims_history_edit AFTER UPDATE ON claims BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'claim', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 1 AS i, 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 2, 'article', (SELECT key FROM articles WHERE id = OLD.article_id), (SELECT key FROM articles WHERE id = NEW.article_id) UNION ALL
		SELECT 3, 'text', OLD.text, NEW.text UNION ALL
		SELECT 4, 'quote', OLD.quote, NEW.quote UNION ALL
		SELECT 5, 'stated_study', OLD.stated_study, NEW.stated_study UNION ALL
		SELECT 6, 'stated_n', OLD.stated_n, NEW.stated_n UNION ALL
		SELECT 7, 'stated_population', OLD.stated_population, NEW.stated_population UNION ALL
		SELECT 8, 'stated_country', OLD.stated_country, NEW.stated_country UNION ALL
		SELECT 9, 'stated_duration_months', OLD.stated_duration_months, NEW.stated_duration_months UNION ALL
		SELECT 10, 'stated_result', OLD.stated_result, NEW.stated_result UNION ALL
		SELECT 11, 'notes', OLD.notes, NEW.notes
	) WHERE o IS NOT n COLLATE BINARY ORDER BY i;
END;

CREATE TRIGGER claims_history_remove AFTER DELETE ON claims BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'claim', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 1 AS i, 'key' AS f, OLD.key AS v UNION ALL
		SELECT 2, 'article', (SELECT key FROM articles WHERE id = OLD.article_id) UNION ALL
		SELECT 3, 'text', OLD.text UNION ALL
		SELECT 4, 'quote', OLD.quote UNION ALL
		SELECT 5, 'stated_study', OLD.stated_study UNION ALL
		SELECT 6, 'stated_n', OLD.stated_n UNION ALL
		SELECT 7, 'stated_population', OLD.stated_population UNION ALL
		SELECT 8, 'stated_country', OLD.stated_country UNION ALL
		SELECT 9, 'stated_duration_months', OLD.stated_duration_months UNION ALL
		SELECT 10, 'stated_result', OLD.stated_result UNION ALL
		SELECT 11, 'notes', OLD.notes
	) WHERE v IS NOT NULL ORDER BY i;
	-- Its topics went first (they refer to it): that change is part of the removal.
	UPDATE history SET action = 'remove' WHERE change_id = evidence_change() AND kind = 'claim'
		AND key = OLD.key AND field = 'topics' AND new IS NULL;
END;

CREATE TRIGGER evidence_history_add AFTER INSERT ON evidence BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'link', (SELECT key FROM claims WHERE id = NEW.claim_id), (SELECT key FROM studies WHERE id = NEW.study_id), NEW.outcome, 'add', f, v FROM (
		SELECT 1 AS i, 'claim' AS f, (SELECT key FROM claims WHERE id = NEW.claim_id) AS v UNION ALL
		SELECT 2, 'study', (SELECT key FROM studies WHERE id = NEW.study_id) UNION ALL
		SELECT 3, 'direction', NEW.direction UNION ALL
		SELECT 4, 'outcome', nullif(NEW.outcome, '') UNION ALL
		SELECT 5, 'measure', NEW.measure UNION ALL
		SELECT 6, 'estimate', NEW.estimate UNION ALL
		SELECT 7, 'ci_low', NEW.ci_low UNION ALL
		SELECT 8, 'ci_high', NEW.ci_high UNION ALL
		SELECT 9, 'p_value', NEW.p_value UNION ALL
		SELECT 10, 'n', NEW.n UNION ALL
		SELECT 11, 'indirect', NEW.indirect UNION ALL
		SELECT 12, 'notes', NEW.notes
	) WHERE v IS NOT NULL ORDER BY i;
END;

CREATE TRIGGER evidence_history_edit AFTER UPDATE ON evidence BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'link', (SELECT key FROM claims WHERE id = NEW.claim_id), (SELECT key FROM studies WHERE id = NEW.study_id), NEW.outcome, 'edit', f, o, n FROM (
		SELECT 1 AS i, 'claim' AS f, (SELECT key FROM claims WHERE id = OLD.claim_id) AS o, (SELECT key FROM claims WHERE id = NEW.claim_id) AS n UNION ALL
		SELECT 2, 'study', (SELECT key FROM studies WHERE id = OLD.study_id), (SELECT key FROM studies WHERE id = NEW.study_id) UNION ALL
		SELECT 3, 'direction', OLD.direction, NEW.direction UNION ALL
		SELECT 4, 'outcome', nullif(OLD.outcome, ''), nullif(NEW.outcome, '') UNION ALL
		SELECT 5, 'measure', OLD.measure, NEW.measure UNION ALL
		SELECT 6, 'estimate', OLD.estimate, NEW.estimate UNION ALL
		SELECT 7, 'ci_low', OLD.ci_low, NEW.ci_low UNION ALL
		SELECT 8, 'ci_high', OLD.ci_high, NEW.ci_high UNION ALL
		SELECT 9, 'p_value', OLD.p_value, NEW.p_value UNION ALL
		SELECT 10, 'n', OLD.n, NEW.n UNION ALL
		SELECT 11, 'indirect', OLD.indirect, NEW.indirect UNION ALL
		SELECT 12, 'notes', OLD.notes, NEW.notes
	) WHERE o IS NOT n COLLATE BINARY ORDER BY i;
END;

CREATE TRIGGER evidence_history_remove AFTER DELETE ON evidence BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'link', (SELECT key FROM claims WHERE id = OLD.claim_id), (SELECT key FROM studies WHERE id = OLD.study_id), OLD.outcome, 'remove', f, v FROM (
		SELECT 1 AS i, 'claim' AS f, (SELECT key FROM claims WHERE id = OLD.claim_id) AS v UNION ALL
		SELECT 2, 'study', (SELECT key FROM studies WHERE id = OLD.study_id) UNION ALL
		SELECT 3, 'direction', OLD.direction UNION ALL
		SELECT 4, 'outcome', nullif(OLD.outcome, '') UNION ALL
		SELECT 5, 'measure', OLD.measure UNION ALL
		SELECT 6, 'estimate', OLD.estimate UNION ALL
		SELECT 7, 'ci_low', OLD.ci_low UNION ALL
		SELECT 8, 'ci_high', OLD.ci_high UNION ALL
		SELECT 9, 'p_value', OLD.p_value UNION ALL
		SELECT 10, 'n', OLD.n UNION ALL
		SELECT 11, 'indirect', OLD.indirect UNION ALL
		SELECT 12, 'notes', OLD.notes
	) WHERE v IS NOT NULL ORDER BY i;
END;


-- A claim's topics live in claim_topics, one row per topic, and are
-- replaced as a whole when they change (delete all, insert the new list).
-- History keeps them as one field, 'topics', holding the ordered list
-- 'a;b': the first claim_topics change of a claim in a change set records
-- the list as it was before, every change updates the list after, and a
-- list that ends up as it began leaves no row.
CREATE TRIGGER claim_topics_history_add AFTER INSERT ON claim_topics BEGIN
	INSERT INTO history(change_id, kind, key, action, field, old)
	SELECT evidence_change(), 'claim', c.key,
		CASE WHEN EXISTS (SELECT 1 FROM history h WHERE h.key = c.key AND h.change_id = evidence_change()
			AND h.kind = 'claim' AND h.action = 'add') THEN 'add' ELSE 'edit' END,
		'topics',
		(SELECT group_concat(k, ';') FROM (SELECT t.key AS k FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id
			WHERE ct.claim_id = NEW.claim_id AND ct.topic_id IS NOT NEW.topic_id ORDER BY ct.position))
	FROM claims c WHERE c.id = NEW.claim_id AND NOT EXISTS (SELECT 1 FROM history h WHERE h.key = c.key
		AND h.change_id = evidence_change() AND h.kind = 'claim' AND h.field = 'topics');
	UPDATE history SET new = (SELECT group_concat(k, ';') FROM (SELECT t.key AS k FROM claim_topics ct
			JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = NEW.claim_id ORDER BY ct.position))
	WHERE key = (SELECT key FROM claims WHERE id = NEW.claim_id) AND change_id = evidence_change()
		AND kind = 'claim' AND field = 'topics';
	DELETE FROM history WHERE key = (SELECT key FROM claims WHERE id = NEW.claim_id)
		AND change_id = evidence_change() AND kind = 'claim' AND field = 'topics' AND old IS new;
END;

CREATE TRIGGER claim_topics_history_remove AFTER DELETE ON claim_topics BEGIN
	INSERT INTO history(change_id, kind, key, action, field, old)
	SELECT evidence_change(), 'claim', c.key, 'edit', 'topics',
		(SELECT group_concat(k, ';') FROM (SELECT t.key AS k, ct.position AS p FROM claim_topics ct
			JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = OLD.claim_id
			UNION ALL SELECT key, OLD.position FROM topics WHERE id = OLD.topic_id ORDER BY p))
	FROM claims c WHERE c.id = OLD.claim_id AND NOT EXISTS (SELECT 1 FROM history h WHERE h.key = c.key
		AND h.change_id = evidence_change() AND h.kind = 'claim' AND h.field = 'topics');
	UPDATE history SET new = (SELECT group_concat(k, ';') FROM (SELECT t.key AS k FROM claim_topics ct
			JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = OLD.claim_id ORDER BY ct.position))
	WHERE key = (SELECT key FROM claims WHERE id = OLD.claim_id) AND change_id = evidence_change()
		AND kind = 'claim' AND field = 'topics';
	DELETE FROM history WHERE key = (SELECT key FROM claims WHERE id = OLD.claim_id)
		AND change_id = evidence_change() AND kind = 'claim' AND field = 'topics' AND old IS new;
END;
