-- 010-additions-as-events.sql: an addition is recorded as an event, not a
-- copy of the row (issue 16).
--
-- Until now an added row was copied into history as a JSON object of all
-- its values (field '*', 005-faster-writes.sql). After a large import that
-- copy was twice the size of the table it recorded, and writing it was a
-- large part of the import's time. Yet while a row has not changed since
-- it was added, its values at the addition are the row itself. So:
--
--  * An addition writes one history row, field '*', whose `new` is NULL:
--    "the values this row has now".
--  * The first statement that would make that untrue records the values
--    first: a BEFORE UPDATE or BEFORE DELETE trigger fills the addition's
--    `new` with the row's JSON object (the *_added views), from the row
--    as it still is. A record's JSON names other rows by key (a claim its
--    article, a link its claim and study), so renaming an article, a
--    claim or a study fills the additions of the claims or links that
--    name it, too.
--  * history_full is history with every addition's values in `new`,
--    whichever way they are kept. It is what `evidence log`, `show`, undo
--    and diff read, and what SQL over the history should read
--    (docs/history.md).
--
-- Invariant: an addition whose `new` is NULL belongs to a row that exists
-- and has the kind, key (for a link: claim, study and outcome) the
-- addition records, unchanged since. Every write to the four tables goes
-- through a statement these triggers see, so it holds.
--
-- Existing databases: an addition whose recorded values are exactly the
-- row's current values is emptied the same way; the rest keep theirs.
-- What any reader sees through history_full is unchanged.

-- The *_added views again, the same objects made with json_object: evidence
-- gives its connections an innocuous json_object of its own (db.c: SQLite
-- 3.40's is not marked innocuous, so it may not run in the views of a
-- schema evidence does not trust), and any other SQLite tool has its own
-- built-in. So history_full, below, reads in the sqlite3 shell too (which
-- writes reals to 15 significant digits, evidence exactly).
DROP VIEW articles_added;
DROP VIEW studies_added;
DROP VIEW claims_added;
DROP VIEW evidence_added;

CREATE VIEW articles_added AS SELECT r.id, r.key AS key, NULL AS study,
	NULL AS outcome, json_object(
		'key', r.key,
		'title', r.title,
		'author', r.author,
		'publisher', r.publisher,
		'url', r.url,
		'published', r.published) AS record
FROM articles r;

CREATE VIEW studies_added AS SELECT r.id, r.key AS key, NULL AS study,
	NULL AS outcome, json_object(
		'key', r.key,
		'title', r.title,
		'authors', r.authors,
		'journal', r.journal,
		'year', r.year,
		'volume', r.volume,
		'issue', r.issue,
		'pages', r.pages,
		'doi', r.doi,
		'pmid', r.pmid,
		'design', r.design,
		'country', r.country,
		'population', r.population,
		'sample_size', r.sample_size,
		'duration_months', r.duration_months,
		'intervention', r.intervention,
		'comparator', r.comparator,
		'risk_of_bias', r.risk_of_bias,
		'funding', r.funding,
		'status', r.status,
		'source', r.source,
		'notes', r.notes,
		'includes', r.includes,
		'included_design', r.included_design) AS record
FROM studies r;

CREATE VIEW claims_added AS SELECT r.id, r.key AS key, NULL AS study,
	NULL AS outcome, json_object(
		'key', r.key,
		'article', (SELECT key FROM articles WHERE id = r.article_id),
		'topics', r.topics,
		'text', r.text,
		'quote', r.quote,
		'stated_study', r.stated_study,
		'stated_n', r.stated_n,
		'stated_population', r.stated_population,
		'stated_country', r.stated_country,
		'stated_duration_months', r.stated_duration_months,
		'stated_result', r.stated_result,
		'notes', r.notes,
		'outcome', r.outcome,
		'asserts', r.asserts) AS record
FROM claims r;

CREATE VIEW evidence_added AS SELECT r.id, (SELECT key FROM claims WHERE id = r.claim_id) AS key, (SELECT key FROM studies WHERE id = r.study_id) AS study,
	r.outcome AS outcome, json_object(
		'claim', (SELECT key FROM claims WHERE id = r.claim_id),
		'study', (SELECT key FROM studies WHERE id = r.study_id),
		'direction', r.direction,
		'outcome', nullif(r.outcome, ''),
		'measure', r.measure,
		'estimate', r.estimate,
		'ci_low', r.ci_low,
		'ci_high', r.ci_high,
		'p_value', r.p_value,
		'n', r.n,
		'indirect', r.indirect,
		'notes', r.notes,
		'events_treat', r.events_treat,
		'total_treat', r.total_treat,
		'events_control', r.events_control,
		'total_control', r.total_control,
		'mean_treat', r.mean_treat,
		'sd_treat', r.sd_treat,
		'mean_control', r.mean_control,
		'sd_control', r.sd_control,
		'subgroup', r.subgroup) AS record
FROM evidence r;

-- The current values of the row an addition ('*') names, looked up by
-- key through the tables' unique indexes (a link by claim, study and
-- outcome, not through evidence_added's key columns, which no index has).
CREATE VIEW history_added_now AS SELECT h.id, CASE h.kind
	WHEN 'article' THEN (SELECT record FROM articles_added WHERE key = h.key)
	WHEN 'study' THEN (SELECT record FROM studies_added WHERE key = h.key)
	WHEN 'claim' THEN (SELECT record FROM claims_added WHERE key = h.key)
	WHEN 'link' THEN (SELECT record FROM evidence_added WHERE id = (SELECT e.id FROM evidence e
		WHERE e.claim_id = (SELECT id FROM claims WHERE key = h.key)
		AND e.study_id = (SELECT id FROM studies WHERE key = h.study) AND e.outcome = h.outcome))
	END AS record
FROM history h WHERE h.field = '*';

CREATE VIEW history_full AS SELECT h.id, h.change_id, h.kind, h.key, h.study, h.outcome, h.action, h.field,
	h.old, CASE WHEN h.field = '*' AND h.new IS NULL
		THEN (SELECT record FROM history_added_now n WHERE n.id = h.id) ELSE h.new END AS new
FROM history h;

UPDATE history SET new = NULL WHERE field = '*' AND new IS NOT NULL
	AND new = (SELECT record FROM history_added_now n WHERE n.id = history.id);

DROP TRIGGER articles_history_add;
DROP TRIGGER studies_history_add;
DROP TRIGGER claims_history_add;
DROP TRIGGER evidence_history_add;

CREATE TRIGGER articles_history_add AFTER INSERT ON articles WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, action, field) VALUES (evidence_change(), 'article', NEW.key, 'add', '*');
END;

CREATE TRIGGER studies_history_add AFTER INSERT ON studies WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, action, field) VALUES (evidence_change(), 'study', NEW.key, 'add', '*');
END;

CREATE TRIGGER claims_history_add AFTER INSERT ON claims WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, action, field) VALUES (evidence_change(), 'claim', NEW.key, 'add', '*');
END;

CREATE TRIGGER evidence_history_add AFTER INSERT ON evidence WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field) VALUES (evidence_change(), 'link',
		(SELECT key FROM claims WHERE id = NEW.claim_id), (SELECT key FROM studies WHERE id = NEW.study_id),
		NEW.outcome, 'add', '*');
END;

-- Filling an addition's values before its row changes. An addition is
-- found through history_key (key, change_id); a link's through
-- history_study (`+key` keeps the planner off history_key: a claim may
-- have thousands of links, a study seldom has many).

CREATE TRIGGER articles_history_keep_edit BEFORE UPDATE ON articles BEGIN
	UPDATE history SET new = (SELECT record FROM articles_added WHERE id = OLD.id)
	WHERE key = OLD.key AND kind = 'article' AND field = '*' AND new IS NULL;
	UPDATE history SET new = (SELECT record FROM claims_added c WHERE c.key = history.key)
	WHERE OLD.key IS NOT NEW.key AND key IN (SELECT key FROM claims WHERE article_id = OLD.id)
	AND kind = 'claim' AND field = '*' AND new IS NULL;
END;

CREATE TRIGGER articles_history_keep_remove BEFORE DELETE ON articles BEGIN
	UPDATE history SET new = (SELECT record FROM articles_added WHERE id = OLD.id)
	WHERE key = OLD.key AND kind = 'article' AND field = '*' AND new IS NULL;
END;

CREATE TRIGGER studies_history_keep_edit BEFORE UPDATE ON studies BEGIN
	UPDATE history SET new = (SELECT record FROM studies_added WHERE id = OLD.id)
	WHERE key = OLD.key AND kind = 'study' AND field = '*' AND new IS NULL;
	UPDATE history SET new = (SELECT record FROM evidence_added WHERE id = (SELECT e.id FROM evidence e
		WHERE e.study_id = OLD.id AND e.claim_id = (SELECT id FROM claims WHERE key = history.key)
		AND e.outcome = history.outcome))
	WHERE OLD.key IS NOT NEW.key AND study = OLD.key AND kind = 'link' AND field = '*' AND new IS NULL;
END;

CREATE TRIGGER studies_history_keep_remove BEFORE DELETE ON studies BEGIN
	UPDATE history SET new = (SELECT record FROM studies_added WHERE id = OLD.id)
	WHERE key = OLD.key AND kind = 'study' AND field = '*' AND new IS NULL;
END;

CREATE TRIGGER claims_history_keep_edit BEFORE UPDATE ON claims BEGIN
	UPDATE history SET new = (SELECT record FROM claims_added WHERE id = OLD.id)
	WHERE key = OLD.key AND kind = 'claim' AND field = '*' AND new IS NULL;
	UPDATE history SET new = (SELECT record FROM evidence_added WHERE id = (SELECT e.id FROM evidence e
		WHERE e.claim_id = OLD.id AND e.study_id = (SELECT id FROM studies WHERE key = history.study)
		AND e.outcome = history.outcome))
	WHERE OLD.key IS NOT NEW.key AND key = OLD.key AND kind = 'link' AND field = '*' AND new IS NULL;
END;

CREATE TRIGGER claims_history_keep_remove BEFORE DELETE ON claims BEGIN
	UPDATE history SET new = (SELECT record FROM claims_added WHERE id = OLD.id)
	WHERE key = OLD.key AND kind = 'claim' AND field = '*' AND new IS NULL;
END;

CREATE TRIGGER evidence_history_keep_edit BEFORE UPDATE ON evidence BEGIN
	UPDATE history SET new = (SELECT record FROM evidence_added WHERE id = OLD.id)
	WHERE study = (SELECT key FROM studies WHERE id = OLD.study_id)
	AND +key = (SELECT key FROM claims WHERE id = OLD.claim_id) AND outcome = OLD.outcome
	AND kind = 'link' AND field = '*' AND new IS NULL;
END;

CREATE TRIGGER evidence_history_keep_remove BEFORE DELETE ON evidence BEGIN
	UPDATE history SET new = (SELECT record FROM evidence_added WHERE id = OLD.id)
	WHERE study = (SELECT key FROM studies WHERE id = OLD.study_id)
	AND +key = (SELECT key FROM claims WHERE id = OLD.claim_id) AND outcome = OLD.outcome
	AND kind = 'link' AND field = '*' AND new IS NULL;
END;
