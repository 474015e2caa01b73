-- 007-grading-fields.sql: what the grading rule of docs/grading.md needs to
-- know beyond 001's columns (issue 11):
--
--  * claims.outcome: the outcome whose body of evidence decides the claim
--    (matched to links' outcomes ignoring case and spacing); NULL lets the
--    rule choose (most participants at the highest starting level).
--  * claims.asserts: what the claim says about the effect relative to the
--    measure's null: lower, higher or no-effect; NULL: inferred from the
--    supporting links' estimates, and explain says so.
--  * studies.includes: for a meta-analysis or systematic review, the keys
--    of the studies it pools, ';'-separated in the order given (the CSV
--    column). study_includes holds the same list by id, as claim_topics
--    does for claims.topics, so that the grade can count a review and its
--    trials once; the triggers below keep the text in step when an
--    included study is renamed or removed.
--  * studies.included_design: what a review pools (rct, observational or
--    mixed), the level it starts at.
--
-- History and the add views record the new columns like the others, so the
-- views and triggers of 005 that list columns are made again here.

ALTER TABLE claims ADD COLUMN outcome TEXT CHECK (outcome IS NULL OR outcome <> '');
ALTER TABLE claims ADD COLUMN asserts TEXT
	CHECK (asserts IS NULL OR asserts = 'lower' OR asserts = 'higher' OR asserts = 'no-effect');
ALTER TABLE studies ADD COLUMN includes TEXT CHECK (includes IS NULL OR includes <> '');
ALTER TABLE studies ADD COLUMN included_design TEXT
	CHECK (included_design IS NULL OR included_design = 'rct' OR included_design = 'observational'
	       OR included_design = 'mixed');

CREATE TABLE study_includes (
	review_id INTEGER NOT NULL REFERENCES studies(id),
	study_id  INTEGER NOT NULL REFERENCES studies(id),
	position  INTEGER NOT NULL,  -- the order the keys were listed in
	PRIMARY KEY (review_id, study_id),
	CHECK (review_id <> study_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX study_includes_study ON study_includes(study_id, review_id);

-- A renamed study is renamed in the includes of every review that lists it.
CREATE TRIGGER study_includes_rename AFTER UPDATE OF key ON studies
WHEN EXISTS (SELECT 1 FROM study_includes WHERE study_id = NEW.id) BEGIN
	UPDATE studies SET includes = (SELECT group_concat(k, ';') FROM (SELECT s.key AS k FROM study_includes si
		JOIN studies s ON s.id = si.study_id WHERE si.review_id = studies.id ORDER BY si.position))
	WHERE id IN (SELECT review_id FROM study_includes WHERE study_id = NEW.id);
END;

-- A removed study leaves the includes of the reviews that listed it, and
-- a removed review its own list.
CREATE TRIGGER study_includes_remove BEFORE DELETE ON studies BEGIN
	UPDATE studies SET includes = (SELECT group_concat(k, ';') FROM (SELECT s.key AS k FROM study_includes si
		JOIN studies s ON s.id = si.study_id WHERE si.review_id = studies.id AND si.study_id <> OLD.id
		ORDER BY si.position))
	WHERE id IN (SELECT review_id FROM study_includes WHERE study_id = OLD.id);
	DELETE FROM study_includes WHERE study_id = OLD.id OR review_id = OLD.id;
END;

DROP VIEW studies_added;
DROP VIEW claims_added;
DROP TRIGGER studies_history_edit;
DROP TRIGGER studies_history_remove;
DROP TRIGGER claims_history_edit;
DROP TRIGGER claims_history_remove;

CREATE VIEW studies_added AS SELECT r.id, r.key AS key, NULL AS study,
	NULL AS outcome, evidence_json_object(
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
	NULL AS outcome, evidence_json_object(
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

CREATE TRIGGER studies_history_edit AFTER UPDATE ON studies BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'study', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 'title', OLD.title, NEW.title UNION ALL
		SELECT 'authors', OLD.authors, NEW.authors UNION ALL
		SELECT 'journal', OLD.journal, NEW.journal UNION ALL
		SELECT 'year', OLD.year, NEW.year UNION ALL
		SELECT 'volume', OLD.volume, NEW.volume UNION ALL
		SELECT 'issue', OLD.issue, NEW.issue UNION ALL
		SELECT 'pages', OLD.pages, NEW.pages UNION ALL
		SELECT 'doi', OLD.doi, NEW.doi UNION ALL
		SELECT 'pmid', OLD.pmid, NEW.pmid UNION ALL
		SELECT 'design', OLD.design, NEW.design UNION ALL
		SELECT 'country', OLD.country, NEW.country UNION ALL
		SELECT 'population', OLD.population, NEW.population UNION ALL
		SELECT 'sample_size', OLD.sample_size, NEW.sample_size UNION ALL
		SELECT 'duration_months', OLD.duration_months, NEW.duration_months UNION ALL
		SELECT 'intervention', OLD.intervention, NEW.intervention UNION ALL
		SELECT 'comparator', OLD.comparator, NEW.comparator UNION ALL
		SELECT 'risk_of_bias', OLD.risk_of_bias, NEW.risk_of_bias UNION ALL
		SELECT 'funding', OLD.funding, NEW.funding UNION ALL
		SELECT 'status', OLD.status, NEW.status UNION ALL
		SELECT 'source', OLD.source, NEW.source UNION ALL
		SELECT 'notes', OLD.notes, NEW.notes UNION ALL
		SELECT 'includes', OLD.includes, NEW.includes UNION ALL
		SELECT 'included_design', OLD.included_design, NEW.included_design
	) WHERE o IS NOT n COLLATE BINARY;
END;

CREATE TRIGGER studies_history_remove AFTER DELETE ON studies BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'study', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 'key' AS f, OLD.key AS v UNION ALL
		SELECT 'title', OLD.title UNION ALL
		SELECT 'authors', OLD.authors UNION ALL
		SELECT 'journal', OLD.journal UNION ALL
		SELECT 'year', OLD.year UNION ALL
		SELECT 'volume', OLD.volume UNION ALL
		SELECT 'issue', OLD.issue UNION ALL
		SELECT 'pages', OLD.pages UNION ALL
		SELECT 'doi', OLD.doi UNION ALL
		SELECT 'pmid', OLD.pmid UNION ALL
		SELECT 'design', OLD.design UNION ALL
		SELECT 'country', OLD.country UNION ALL
		SELECT 'population', OLD.population UNION ALL
		SELECT 'sample_size', OLD.sample_size UNION ALL
		SELECT 'duration_months', OLD.duration_months UNION ALL
		SELECT 'intervention', OLD.intervention UNION ALL
		SELECT 'comparator', OLD.comparator UNION ALL
		SELECT 'risk_of_bias', OLD.risk_of_bias UNION ALL
		SELECT 'funding', OLD.funding UNION ALL
		SELECT 'status', OLD.status UNION ALL
		SELECT 'source', OLD.source UNION ALL
		SELECT 'notes', OLD.notes UNION ALL
		SELECT 'includes', OLD.includes UNION ALL
		SELECT 'included_design', OLD.included_design
	) WHERE v IS NOT NULL;
END;

CREATE TRIGGER claims_history_edit AFTER UPDATE ON claims BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old, new)
	SELECT evidence_change(), 'claim', NEW.key, NULL, NULL, 'edit', f, o, n FROM (
		SELECT 'key' AS f, OLD.key AS o, NEW.key AS n UNION ALL
		SELECT 'article', (SELECT key FROM articles WHERE id = OLD.article_id), (SELECT key FROM articles WHERE id = NEW.article_id) UNION ALL
		SELECT 'topics', OLD.topics, NEW.topics UNION ALL
		SELECT 'text', OLD.text, NEW.text UNION ALL
		SELECT 'quote', OLD.quote, NEW.quote UNION ALL
		SELECT 'stated_study', OLD.stated_study, NEW.stated_study UNION ALL
		SELECT 'stated_n', OLD.stated_n, NEW.stated_n UNION ALL
		SELECT 'stated_population', OLD.stated_population, NEW.stated_population UNION ALL
		SELECT 'stated_country', OLD.stated_country, NEW.stated_country UNION ALL
		SELECT 'stated_duration_months', OLD.stated_duration_months, NEW.stated_duration_months UNION ALL
		SELECT 'stated_result', OLD.stated_result, NEW.stated_result UNION ALL
		SELECT 'notes', OLD.notes, NEW.notes UNION ALL
		SELECT 'outcome', OLD.outcome, NEW.outcome UNION ALL
		SELECT 'asserts', OLD.asserts, NEW.asserts
	) WHERE o IS NOT n COLLATE BINARY;
END;

CREATE TRIGGER claims_history_remove AFTER DELETE ON claims BEGIN
	INSERT INTO history(change_id, kind, key, study, outcome, action, field, old)
	SELECT evidence_change(), 'claim', OLD.key, NULL, NULL, 'remove', f, v FROM (
		SELECT 'key' AS f, OLD.key AS v UNION ALL
		SELECT 'article', (SELECT key FROM articles WHERE id = OLD.article_id) UNION ALL
		SELECT 'topics', OLD.topics UNION ALL
		SELECT 'text', OLD.text UNION ALL
		SELECT 'quote', OLD.quote UNION ALL
		SELECT 'stated_study', OLD.stated_study UNION ALL
		SELECT 'stated_n', OLD.stated_n UNION ALL
		SELECT 'stated_population', OLD.stated_population UNION ALL
		SELECT 'stated_country', OLD.stated_country UNION ALL
		SELECT 'stated_duration_months', OLD.stated_duration_months UNION ALL
		SELECT 'stated_result', OLD.stated_result UNION ALL
		SELECT 'notes', OLD.notes UNION ALL
		SELECT 'outcome', OLD.outcome UNION ALL
		SELECT 'asserts', OLD.asserts
	) WHERE v IS NOT NULL;
END;
