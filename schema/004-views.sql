-- 004-views.sql: read-only views that answer the common questions, so that
-- people who open the database with sqlite3, Datasette or DB Browser get
-- useful tables without reading the program. docs/schema.md describes them.
--
-- The views follow the grading rule of docs/grading.md where SQL can: which
-- links count, design levels, the top tier, participants (each study once,
-- with its largest n) and the verdict. The certainty needs the pooled
-- estimates (I2, confidence intervals), which are computed in C: ask
-- `evidence query TOPIC --format csv` or `evidence explain CLAIM` for it.
-- tests/cli/ux.bats checks that these views agree with the program.
--
-- A later migration that changes a table these views read must drop and
-- re-create the views it affects, in the same migration.

-- The design levels of the grading rule (domain.c ev_design_level).
CREATE VIEW design_levels (design, level) AS
	VALUES ('meta-analysis', 4), ('systematic-review', 4), ('rct', 4),
	       ('non-randomized-trial', 2), ('cohort', 2), ('case-control', 2), ('cross-sectional', 2),
	       ('case-series', 1), ('animal', 1), ('in-vitro', 1), ('review', 1), ('other', 1);

-- Every evidence link with its claim, article and study, and what the
-- grading rule makes of it.
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
       coalesce(e.n, s.sample_size) AS n,
       e.indirect,
       (s.status = 'verified' AND s.design IS NOT NULL) AS counted,
       e.notes
FROM evidence e
JOIN claims c ON c.id = e.claim_id
JOIN studies s ON s.id = e.study_id
LEFT JOIN articles a ON a.id = c.article_id
LEFT JOIN design_levels d ON d.design = s.design
ORDER BY a.key, c.position, c.key, s.key, e.outcome;

-- Every claim with the inputs of its verdict, and the verdict.
CREATE VIEW claim_summary AS
WITH l AS (
	SELECT e.claim_id, e.study_id, e.direction, coalesce(e.n, s.sample_size) AS n,
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

-- Each topic with its claims, in the order `evidence query TOPIC` lists them.
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

-- Each article with how its claims fare (the first lines of `evidence report`).
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

-- Each study with a Vancouver-style citation (as in PubMed's "cite":
-- authors. title. journal. year;volume(issue):pages. doi. PMID), and links.
-- Parts a record lacks are left out; a full stop is not doubled after an
-- author list ending in "et al." or a title ending in ?, ! or a full stop.
CREATE VIEW study_citations AS
SELECT s.key AS study,
       s.status,
       trim(
         CASE WHEN s.authors IS NULL THEN ''
              WHEN s.authors LIKE '%.' THEN s.authors || ' '
              ELSE s.authors || '. ' END ||
         s.title ||
         CASE WHEN substr(s.title, -1) IN ('.', '?', '!') THEN ' ' ELSE '. ' END ||
         coalesce(s.journal || '. ', '') ||
         CASE WHEN s.year IS NULL THEN ''
              ELSE s.year ||
                   coalesce(';' || s.volume, '') ||
                   coalesce('(' || s.issue || ')', '') ||
                   coalesce(':' || s.pages, '') || '. ' END ||
         coalesce('doi:' || s.doi || '. ', '') ||
         coalesce('PMID: ' || s.pmid || '.', '')
       ) AS citation,
       'https://doi.org/' || s.doi AS doi_url,
       'https://pubmed.ncbi.nlm.nih.gov/' || s.pmid || '/' AS pubmed_url
FROM studies s
ORDER BY s.key;
