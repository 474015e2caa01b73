-- 001-core.sql: articles, studies, claims, topics and the evidence links
-- between claims and studies. The program validates every value before it
-- gets here; these constraints are the last line of defence, so the file
-- stays consistent even when edited with other tools.
--
-- Enumerations are checked with chains of '=' rather than IN (...): SQLite
-- builds a temporary index for every evaluation of an IN list of more than
-- two values, which made each inserted study cost three of them.
--
-- Keys are slugs (lowercase letters, digits, '-'): stable, URL- and
-- filename-safe names that people type. Rows refer to each other by
-- integer id so a key can be renamed without rewriting its links.

CREATE TABLE articles (
	id        INTEGER PRIMARY KEY,
	key       TEXT NOT NULL UNIQUE
	          CHECK (key GLOB '[a-z0-9]*' AND key NOT GLOB '*[^a-z0-9-]*'),
	title     TEXT NOT NULL CHECK (title <> ''),
	author    TEXT,
	publisher TEXT,
	url       TEXT,
	published TEXT CHECK (published IS NULL OR date(published) IS published)
) STRICT;

CREATE TABLE studies (
	id              INTEGER PRIMARY KEY,
	key             TEXT NOT NULL UNIQUE
	                CHECK (key GLOB '[a-z0-9]*' AND key NOT GLOB '*[^a-z0-9-]*'),
	title           TEXT NOT NULL CHECK (title <> ''),
	authors         TEXT,
	journal         TEXT,
	year            INTEGER CHECK (year BETWEEN 1800 AND 2100),
	volume          TEXT,
	issue           TEXT,
	pages           TEXT,
	doi             TEXT COLLATE NOCASE UNIQUE CHECK (doi IS NULL OR doi LIKE '10.%/%'),
	pmid            INTEGER UNIQUE CHECK (pmid > 0),
	design          TEXT CHECK (design = 'meta-analysis' OR design = 'systematic-review'
	                    OR design = 'rct' OR design = 'non-randomized-trial' OR design = 'cohort'
	                    OR design = 'case-control' OR design = 'cross-sectional'
	                    OR design = 'case-series' OR design = 'animal' OR design = 'in-vitro'
	                    OR design = 'review' OR design = 'other'),
	country         TEXT,
	population      TEXT,
	sample_size     INTEGER CHECK (sample_size > 0),
	-- months, or a range 'LO-HI' when follow-up varied (e.g. '84-120')
	duration_months TEXT,
	intervention    TEXT,
	comparator      TEXT,
	risk_of_bias    TEXT NOT NULL DEFAULT 'unknown'
	                CHECK (risk_of_bias = 'low' OR risk_of_bias = 'some' OR risk_of_bias = 'high'
	                       OR risk_of_bias = 'unknown'),
	funding         TEXT,
	status          TEXT NOT NULL DEFAULT 'verified'
	                CHECK (status = 'verified' OR status = 'unverified' OR status = 'retracted'),
	source          TEXT,
	notes           TEXT,
	-- Only an unverified record (a placeholder awaiting curation) may lack
	-- the bibliographic facts a citation needs.
	CHECK (status = 'unverified' OR (authors IS NOT NULL AND year IS NOT NULL AND design IS NOT NULL))
) STRICT;

CREATE TABLE topics (
	id  INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE
	    CHECK (key GLOB '[a-z0-9]*' AND key NOT GLOB '*[^a-z0-9-]*')
) STRICT;

CREATE TABLE claims (
	id                     INTEGER PRIMARY KEY,
	key                    TEXT NOT NULL UNIQUE
	                       CHECK (key GLOB '[a-z0-9]*' AND key NOT GLOB '*[^a-z0-9-]*'),
	article_id             INTEGER REFERENCES articles(id),
	-- order of the claim within its article (the order it was first imported)
	position               INTEGER NOT NULL DEFAULT 0,
	text                   TEXT NOT NULL CHECK (text <> ''),
	quote                  TEXT,
	-- what the article itself says about the study behind the claim
	stated_study           TEXT,
	stated_n               INTEGER CHECK (stated_n > 0),
	stated_population      TEXT,
	stated_country         TEXT,
	stated_duration_months TEXT,
	stated_result          TEXT,
	notes                  TEXT
) STRICT;
CREATE INDEX claims_article ON claims(article_id, position);

CREATE TABLE claim_topics (
	claim_id INTEGER NOT NULL REFERENCES claims(id),
	topic_id INTEGER NOT NULL REFERENCES topics(id),
	position INTEGER NOT NULL,  -- the order the topics were listed in
	PRIMARY KEY (claim_id, topic_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX claim_topics_topic ON claim_topics(topic_id, claim_id);

CREATE TABLE evidence (
	id        INTEGER PRIMARY KEY,
	claim_id  INTEGER NOT NULL REFERENCES claims(id),
	study_id  INTEGER NOT NULL REFERENCES studies(id),
	direction TEXT NOT NULL CHECK (direction = 'supports' OR direction = 'contradicts'
	          OR direction = 'inconclusive'),
	-- '' rather than NULL when not given, so (claim, study, outcome) is a key
	outcome   TEXT NOT NULL DEFAULT '',
	measure   TEXT CHECK (measure = 'RR' OR measure = 'OR' OR measure = 'HR' OR measure = 'MD'
	          OR measure = 'SMD'),
	estimate  REAL,
	ci_low    REAL,
	ci_high   REAL,
	p_value   REAL CHECK (p_value BETWEEN 0 AND 1),
	-- analysed participants; NULL means the study's sample_size
	n         INTEGER CHECK (n > 0),
	indirect  INTEGER NOT NULL DEFAULT 0 CHECK (indirect = 0 OR indirect = 1),
	notes     TEXT,
	UNIQUE (claim_id, study_id, outcome),
	CHECK ((ci_low IS NULL) = (ci_high IS NULL)),
	CHECK (ci_low IS NULL OR (estimate IS NOT NULL AND ci_low < ci_high
	       AND ci_low <= estimate AND estimate <= ci_high)),
	CHECK (estimate IS NULL OR measure IS NOT NULL),
	CHECK (NOT (measure = 'RR' OR measure = 'OR' OR measure = 'HR') OR estimate IS NULL OR
	       (estimate > 0 AND (ci_low IS NULL OR ci_low > 0)))
) STRICT;
CREATE INDEX evidence_study ON evidence(study_id);
