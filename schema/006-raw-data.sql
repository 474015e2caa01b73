-- 006-raw-data.sql: what trials report, beside what they conclude.
--
-- An evidence link may now carry the data an effect is computed from, as
-- RevMan and metafor's escalc take it (docs/meta-analysis.md):
--
--  * dichotomous: events_treat of total_treat, events_control of
--    total_control, for a risk ratio, odds ratio or risk difference;
--  * continuous: mean_treat, sd_treat and mean_control, sd_control, with
--    the same totals, for a mean difference or a standardised one.
--
-- A set is all or nothing; counts and means are not mixed on one link; a
-- measure must fit its data. The program checks these first (validate.c,
-- with file:line and the field) and also that a published estimate given
-- with raw data agrees with it; the CHECKs below are the last line of
-- defence, as in 001.
--
-- The measure RD (risk difference) is new. SQLite cannot change a CHECK
-- constraint in place, so the evidence table is rebuilt by the procedure
-- of https://www.sqlite.org/lang_altertable.html#otheralter: the views and
-- triggers that name it are dropped, a new table is made and filled, the
-- old one dropped and the new one renamed, then its index, its history
-- triggers and the views are made again exactly as 004 and 005 made them,
-- with the new columns added (claim_evidence and evidence_added list them;
-- the history triggers record them). No other table refers to evidence,
-- so foreign keys stay on. Ids, rows and history are kept as they are.
--
-- settings holds a database's defaults for pooling (`evidence init
-- --method reml --ci hksj`): name and value, checked here.

DROP VIEW article_summary;
DROP VIEW topic_claims;
DROP VIEW claim_summary;
DROP VIEW claim_evidence;
DROP VIEW evidence_added;
DROP TRIGGER evidence_history_add;
DROP TRIGGER evidence_history_edit;
DROP TRIGGER evidence_history_remove;

CREATE TABLE evidence_new (
	id        INTEGER PRIMARY KEY,
	claim_id  INTEGER NOT NULL REFERENCES claims(id),
	study_id  INTEGER NOT NULL REFERENCES studies(id),
	direction TEXT NOT NULL CHECK (direction = 'supports' OR direction = 'contradicts'
	          OR direction = 'inconclusive'),
	-- '' rather than NULL when not given, so (claim, study, outcome) is a key
	outcome   TEXT NOT NULL DEFAULT '',
	measure   TEXT CHECK (measure = 'RR' OR measure = 'OR' OR measure = 'HR' OR measure = 'MD'
	          OR measure = 'SMD' OR measure = 'RD'),
	estimate  REAL,
	ci_low    REAL,
	ci_high   REAL,
	p_value   REAL CHECK (p_value BETWEEN 0 AND 1),
	-- analysed participants; NULL means the study's sample_size
	n         INTEGER CHECK (n > 0),
	indirect  INTEGER NOT NULL DEFAULT 0 CHECK (indirect = 0 OR indirect = 1),
	notes     TEXT,
	-- raw data: counts (RR, OR, RD) or means (MD, SMD); totals are shared
	events_treat   INTEGER CHECK (events_treat >= 0),
	total_treat    INTEGER CHECK (total_treat > 0),
	events_control INTEGER CHECK (events_control >= 0),
	total_control  INTEGER CHECK (total_control > 0),
	mean_treat     REAL,
	sd_treat       REAL CHECK (sd_treat > 0),
	mean_control   REAL,
	sd_control     REAL CHECK (sd_control > 0),
	UNIQUE (claim_id, study_id, outcome),
	CHECK ((ci_low IS NULL) = (ci_high IS NULL)),
	CHECK (ci_low IS NULL OR (estimate IS NOT NULL AND ci_low < ci_high
	       AND ci_low <= estimate AND estimate <= ci_high)),
	CHECK (estimate IS NULL OR measure IS NOT NULL),
	CHECK (NOT (measure = 'RR' OR measure = 'OR' OR measure = 'HR') OR estimate IS NULL OR
	       (estimate > 0 AND (ci_low IS NULL OR ci_low > 0))),
	-- a set is complete or absent; totals come with one set, never alone
	CHECK ((total_treat IS NULL) = (total_control IS NULL)),
	CHECK ((events_treat IS NULL) = (events_control IS NULL)),
	CHECK ((mean_treat IS NULL) = (sd_treat IS NULL) AND (mean_treat IS NULL) = (mean_control IS NULL)
	       AND (mean_treat IS NULL) = (sd_control IS NULL)),
	CHECK ((total_treat IS NULL) = (events_treat IS NULL AND mean_treat IS NULL)),
	CHECK (events_treat IS NULL OR mean_treat IS NULL),
	CHECK (events_treat IS NULL OR (events_treat <= total_treat AND events_control <= total_control)),
	-- the measure fits the data
	CHECK (events_treat IS NULL OR measure = 'RR' OR measure = 'OR' OR measure = 'RD'),
	CHECK (mean_treat IS NULL OR measure = 'MD' OR measure = 'SMD')
) STRICT;
INSERT INTO evidence_new (id, claim_id, study_id, direction, outcome, measure, estimate, ci_low, ci_high,
	p_value, n, indirect, notes)
SELECT id, claim_id, study_id, direction, outcome, measure, estimate, ci_low, ci_high, p_value, n,
	indirect, notes FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_new RENAME TO evidence;
CREATE INDEX evidence_study ON evidence(study_id);

-- The views of 004, as they were except claim_evidence's new columns and
-- participants: a link's n, else its study's sample_size, else the two
-- arms' totals of its raw data (as the program counts them, model.c).
CREATE VIEW claim_evidence AS
SELECT c.key AS claim,
       a.key AS article,
       s.key AS study,
       s.title AS study_title,
       s.year,
       s.design,
       d.level,
       s.status,
       s.risk_of_bias,
       e.direction,
       nullif(e.outcome, '') AS outcome,
       e.measure,
       e.estimate,
       e.ci_low,
       e.ci_high,
       e.p_value,
       coalesce(e.n, s.sample_size, e.total_treat + e.total_control) AS n,
       e.indirect,
       (s.status = 'verified' AND s.design IS NOT NULL) AS counted,
       e.notes,
       e.events_treat,
       e.total_treat,
       e.events_control,
       e.total_control,
       e.mean_treat,
       e.sd_treat,
       e.mean_control,
       e.sd_control
FROM evidence e
JOIN claims c ON c.id = e.claim_id
JOIN studies s ON s.id = e.study_id
LEFT JOIN articles a ON a.id = c.article_id
LEFT JOIN design_levels d ON d.design = s.design
ORDER BY a.key, c.position, c.key, s.key, e.outcome;

CREATE VIEW claim_summary AS
WITH l AS (
	SELECT e.claim_id, e.study_id, e.direction, coalesce(e.n, s.sample_size, e.total_treat + e.total_control) AS n,
	       (s.status = 'verified' AND s.design IS NOT NULL) AS counted, d.level
	FROM evidence e
	JOIN studies s ON s.id = e.study_id
	LEFT JOIN design_levels d ON d.design = s.design
), per_claim AS (
	SELECT claim_id,
	       count(*) AS links,
	       count(DISTINCT study_id) AS studies,
	       sum(counted AND direction = 'supports') AS supporting,
	       sum(counted AND direction = 'contradicts') AS contradicting,
	       sum(counted AND direction = 'inconclusive') AS inconclusive,
	       sum(NOT counted) AS not_counted,
	       max(CASE WHEN counted AND direction <> 'inconclusive' THEN level END) AS top_level
	FROM l GROUP BY claim_id
), top AS (
	-- the top tier: counting supports/contradicts links at the highest level
	SELECT l.* FROM l JOIN per_claim p ON p.claim_id = l.claim_id
	WHERE l.counted AND l.direction <> 'inconclusive' AND l.level = p.top_level
), top_counts AS (
	SELECT claim_id, sum(direction = 'supports') AS supporting, sum(direction = 'contradicts') AS contradicting
	FROM top GROUP BY claim_id
), top_people AS (
	SELECT claim_id, sum(n) AS n FROM (SELECT claim_id, study_id, max(n) AS n FROM top GROUP BY claim_id, study_id)
	GROUP BY claim_id
), people AS (
	SELECT claim_id, sum(n) AS n
	FROM (SELECT claim_id, study_id, max(n) AS n FROM l WHERE counted GROUP BY claim_id, study_id)
	GROUP BY claim_id
)
SELECT c.key AS claim,
       a.key AS article,
       c.position,
       (SELECT group_concat(key, ';') FROM (SELECT t.key FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id
                                            WHERE ct.claim_id = c.id ORDER BY ct.position)) AS topics,
       c.text,
       coalesce(p.links, 0) AS links,
       coalesce(p.studies, 0) AS studies,
       coalesce(p.supporting, 0) AS supporting,
       coalesce(p.contradicting, 0) AS contradicting,
       coalesce(p.inconclusive, 0) AS inconclusive,
       coalesce(p.not_counted, 0) AS not_counted,
       coalesce(pe.n, 0) AS participants,
       p.top_level,
       coalesce(tc.supporting, 0) AS top_supporting,
       coalesce(tc.contradicting, 0) AS top_contradicting,
       coalesce(tp.n, 0) AS top_participants,
       CASE WHEN p.top_level IS NULL THEN 'insufficient'
            WHEN tc.supporting > 0 AND tc.contradicting > 0 THEN 'mixed'
            WHEN tc.supporting > 0 THEN 'supported'
            ELSE 'contradicted' END AS verdict
FROM claims c
LEFT JOIN articles a ON a.id = c.article_id
LEFT JOIN per_claim p ON p.claim_id = c.id
LEFT JOIN top_counts tc ON tc.claim_id = c.id
LEFT JOIN top_people tp ON tp.claim_id = c.id
LEFT JOIN people pe ON pe.claim_id = c.id
ORDER BY a.key, c.position, c.key;

CREATE VIEW topic_claims AS
SELECT t.key AS topic,
       cs.claim,
       cs.article,
       cs.position,
       cs.verdict,
       cs.studies,
       cs.participants,
       cs.text
FROM topics t
JOIN claim_topics ct ON ct.topic_id = t.id
JOIN claims c ON c.id = ct.claim_id
JOIN claim_summary cs ON cs.claim = c.key
ORDER BY t.key, cs.article, cs.position, cs.claim;

CREATE VIEW article_summary AS
SELECT a.key AS article,
       a.title,
       a.author,
       a.published,
       a.url,
       count(cs.claim) AS claims,
       coalesce(sum(cs.verdict = 'supported'), 0) AS supported,
       coalesce(sum(cs.verdict = 'mixed'), 0) AS mixed,
       coalesce(sum(cs.verdict = 'contradicted'), 0) AS contradicted,
       coalesce(sum(cs.verdict = 'insufficient'), 0) AS insufficient
FROM articles a
LEFT JOIN claim_summary cs ON cs.article = a.key
GROUP BY a.id
ORDER BY a.key;

-- evidence_added and the link history triggers of 005, with the new
-- columns after notes (the import format's order).

CREATE VIEW evidence_added AS SELECT r.id, (SELECT key FROM claims WHERE id = r.claim_id) AS key, (SELECT key FROM studies WHERE id = r.study_id) AS study,
	r.outcome AS outcome, evidence_json_object(
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
		'sd_control', r.sd_control) AS record
FROM evidence r;

CREATE TRIGGER evidence_history_add AFTER INSERT ON evidence WHEN NOT evidence_bulk() BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, new)
	SELECT evidence_change(), 'link', key, study, outcome, 'add', '*', record FROM evidence_added WHERE id = NEW.id;
END;

CREATE TRIGGER evidence_history_edit AFTER UPDATE ON evidence BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'link', (SELECT key FROM claims WHERE id = NEW.claim_id), (SELECT key FROM studies WHERE id = NEW.study_id), NEW.outcome, 'edit', f, o, n FROM (
		SELECT 'claim' AS f, (SELECT key FROM claims WHERE id = OLD.claim_id) AS o, (SELECT key FROM claims WHERE id = NEW.claim_id) AS n UNION ALL
		SELECT 'study', (SELECT key FROM studies WHERE id = OLD.study_id), (SELECT key FROM studies WHERE id = NEW.study_id) UNION ALL
		SELECT 'direction', OLD.direction, NEW.direction UNION ALL
		SELECT 'outcome', nullif(OLD.outcome, ''), nullif(NEW.outcome, '') UNION ALL
		SELECT 'measure', OLD.measure, NEW.measure UNION ALL
		SELECT 'estimate', OLD.estimate, NEW.estimate UNION ALL
		SELECT 'ci_low', OLD.ci_low, NEW.ci_low UNION ALL
		SELECT 'ci_high', OLD.ci_high, NEW.ci_high UNION ALL
		SELECT 'p_value', OLD.p_value, NEW.p_value UNION ALL
		SELECT 'n', OLD.n, NEW.n UNION ALL
		SELECT 'indirect', OLD.indirect, NEW.indirect UNION ALL
		SELECT 'notes', OLD.notes, NEW.notes UNION ALL
		SELECT 'events_treat', OLD.events_treat, NEW.events_treat UNION ALL
		SELECT 'total_treat', OLD.total_treat, NEW.total_treat UNION ALL
		SELECT 'events_control', OLD.events_control, NEW.events_control UNION ALL
		SELECT 'total_control', OLD.total_control, NEW.total_control UNION ALL
		SELECT 'mean_treat', OLD.mean_treat, NEW.mean_treat UNION ALL
		SELECT 'sd_treat', OLD.sd_treat, NEW.sd_treat UNION ALL
		SELECT 'mean_control', OLD.mean_control, NEW.mean_control UNION ALL
		SELECT 'sd_control', OLD.sd_control, NEW.sd_control
	) WHERE o IS NOT n COLLATE BINARY;
END;

CREATE TRIGGER evidence_history_remove AFTER DELETE ON evidence BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'link', (SELECT key FROM claims WHERE id = OLD.claim_id), (SELECT key FROM studies WHERE id = OLD.study_id), OLD.outcome, 'remove', f, v FROM (
		SELECT 'claim' AS f, (SELECT key FROM claims WHERE id = OLD.claim_id) AS v UNION ALL
		SELECT 'study', (SELECT key FROM studies WHERE id = OLD.study_id) UNION ALL
		SELECT 'direction', OLD.direction UNION ALL
		SELECT 'outcome', nullif(OLD.outcome, '') UNION ALL
		SELECT 'measure', OLD.measure UNION ALL
		SELECT 'estimate', OLD.estimate UNION ALL
		SELECT 'ci_low', OLD.ci_low UNION ALL
		SELECT 'ci_high', OLD.ci_high UNION ALL
		SELECT 'p_value', OLD.p_value UNION ALL
		SELECT 'n', OLD.n UNION ALL
		SELECT 'indirect', OLD.indirect UNION ALL
		SELECT 'notes', OLD.notes UNION ALL
		SELECT 'events_treat', OLD.events_treat UNION ALL
		SELECT 'total_treat', OLD.total_treat UNION ALL
		SELECT 'events_control', OLD.events_control UNION ALL
		SELECT 'total_control', OLD.total_control UNION ALL
		SELECT 'mean_treat', OLD.mean_treat UNION ALL
		SELECT 'sd_treat', OLD.sd_treat UNION ALL
		SELECT 'mean_control', OLD.mean_control UNION ALL
		SELECT 'sd_control', OLD.sd_control
	) WHERE v IS NOT NULL;
END;

-- A database's defaults for pooling; a command's --method and --ci win.
CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	CHECK ((name = 'method' AND (value = 'dl' OR value = 'reml' OR value = 'pm' OR value = 'fe'))
	       OR (name = 'ci' AND (value = 'z' OR value = 'hksj')))
) STRICT, WITHOUT ROWID;
