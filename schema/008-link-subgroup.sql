-- 008-link-subgroup.sql: a link may report a subgroup of its study (issue
-- 13): "with coronary calcium at baseline", "adherent participants". Such a
-- result is about fewer people than the study enrolled, so its participants
-- are the link's own n (or its raw data's arm totals) and never the
-- study's sample_size: a subgroup whose size was not reported counts no
-- participants rather than the whole trial's.
--
-- evidence.subgroup is the subgroup in words; NULL for a whole-study
-- result. The views that count a link's participants (claim_evidence,
-- claim_summary) and the link's add view and history triggers are made
-- again with it; everything else is as 006 left it.

ALTER TABLE evidence ADD COLUMN subgroup TEXT CHECK (subgroup IS NULL OR subgroup <> '');

DROP VIEW claim_evidence;
DROP VIEW claim_summary;
DROP VIEW evidence_added;
DROP TRIGGER evidence_history_add;
DROP TRIGGER evidence_history_edit;
DROP TRIGGER evidence_history_remove;

-- claim_evidence gains the subgroup as its last column; both views count a
-- subgroup link's participants without the study's sample_size.
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
       CASE WHEN e.subgroup IS NULL THEN coalesce(e.n, s.sample_size, e.total_treat + e.total_control)
            ELSE coalesce(e.n, e.total_treat + e.total_control) END AS n,
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
       e.sd_control,
       e.subgroup
FROM evidence e
JOIN claims c ON c.id = e.claim_id
JOIN studies s ON s.id = e.study_id
LEFT JOIN articles a ON a.id = c.article_id
LEFT JOIN design_levels d ON d.design = s.design
ORDER BY a.key, c.position, c.key, s.key, e.outcome;

CREATE VIEW claim_summary AS
WITH l AS (
	SELECT e.claim_id, e.study_id, e.direction, CASE WHEN e.subgroup IS NULL THEN coalesce(e.n, s.sample_size, e.total_treat + e.total_control)
		    ELSE coalesce(e.n, e.total_treat + e.total_control) END AS n,
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

-- evidence_added and the link history triggers, with subgroup last (the
-- import format's order).

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
		'sd_control', r.sd_control,
		'subgroup', r.subgroup) AS record
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
		SELECT 'sd_control', OLD.sd_control, NEW.sd_control UNION ALL
		SELECT 'subgroup', OLD.subgroup, NEW.subgroup
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
		SELECT 'sd_control', OLD.sd_control UNION ALL
		SELECT 'subgroup', OLD.subgroup
	) WHERE v IS NOT NULL;
END;
