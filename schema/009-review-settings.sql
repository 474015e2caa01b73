-- 009-review-settings.sql: a database's defaults for ClaimReview (issue
-- 14). The fact-check markup needs the review's author and the page that
-- publishes the reviews; a newsroom writes them on every export, so
-- `evidence init --reviewer NAME --review-url URL` stores them once, and
-- `export --format claimreview` uses them when its own options are not
-- given.
--
-- settings (006) checks each name and its values, so it is made again
-- with four more names: reviewer (a name, at most 1,000 characters),
-- reviewer_type (organization or person), reviewer_url and review_url
-- (http:// or https:// addresses, at most 2,000 characters; the command
-- checks them more strictly). Its rows are kept as they are. No trigger
-- or view names settings, and settings are not part of the history.

CREATE TABLE settings_009 (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	CHECK ((name = 'method' AND (value = 'dl' OR value = 'reml' OR value = 'pm' OR value = 'fe'))
	       OR (name = 'ci' AND (value = 'z' OR value = 'hksj'))
	       OR (name = 'reviewer' AND value <> '' AND length(value) <= 1000)
	       OR (name = 'reviewer_type' AND (value = 'organization' OR value = 'person'))
	       OR ((name = 'reviewer_url' OR name = 'review_url')
		   AND (substr(value, 1, 7) = 'http://' OR substr(value, 1, 8) = 'https://')
		   AND length(value) <= 2000))
) STRICT, WITHOUT ROWID;
INSERT INTO settings_009(name, value) SELECT name, value FROM settings;
DROP TABLE settings;
ALTER TABLE settings_009 RENAME TO settings;
