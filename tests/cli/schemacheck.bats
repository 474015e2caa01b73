#!/usr/bin/env bats
# The schema self-check (issue 18, item 3): a trigger, view, index or table
# that another program removed makes writing commands refuse, naming what is
# missing and the repair; reading commands name it instead of SQLite's raw
# error; `init` restores it and says what it did. Fixture: tests/data/core.

load helper

load_core() {
	ev -q import "$DATA"/core/*.csv
}

@test "a dropped history trigger: import and edit refuse and change nothing" {
	load_core
	sqlite3 evidence.db 'DROP TRIGGER studies_history_edit'
	before=$(dump_db)
	run --separate-stderr ev edit study trial-a-2001 --country Belgium
	assert_status 1
	assert_equal "evidence: edit: 'evidence.db' is missing trigger 'studies_history_edit' (removed by another program?), so changes would escape the history; 'evidence init' restores it" "$stderr"
	run --separate-stderr ev import "$DATA"/core/studies.csv
	assert_status 1
	assert_equal "evidence: import: 'evidence.db' is missing trigger 'studies_history_edit' (removed by another program?), so changes would escape the history; 'evidence init' restores it" "$stderr"
	assert_equal "$before" "$(dump_db)"
}

@test "init restores a dropped trigger, says so, and history records edits again" {
	load_core
	sqlite3 evidence.db 'DROP TRIGGER studies_history_edit'
	run --separate-stderr ev init
	assert_status 0
	assert_equal "restored trigger 'studies_history_edit', which another program had removed
up to date: evidence.db (schema version $(sqlite3 evidence.db 'PRAGMA user_version'))" "$stderr"
	run ev init
	assert_status 0
	assert_output_lacks "restored"
	run ev edit study trial-a-2001 --country Belgium
	assert_status 0
	assert_equal "country|Netherlands|Belgium" \
		"$(sqlite3 evidence.db "SELECT field, old, new FROM history WHERE key = 'trial-a-2001' AND action = 'edit'")"
}

@test "a dropped table and view: reading commands name them, init restores them empty" {
	load_core
	sqlite3 evidence.db 'DROP VIEW study_citations; DROP TABLE claim_topics'
	run --separate-stderr ev topics
	assert_status 1
	assert_equal "evidence: topics: 'evidence.db' is missing table 'claim_topics', index 'claim_topics_topic' and view 'study_citations' (removed by another program?); 'evidence init' restores them" "$stderr"
	run --separate-stderr ev init
	assert_status 0
	assert_equal "restored table 'claim_topics', which another program had removed (empty: the rows it held went with it)
restored index 'claim_topics_topic', which another program had removed
restored view 'study_citations', which another program had removed
up to date: evidence.db (schema version $(sqlite3 evidence.db 'PRAGMA user_version'))" "$stderr"
	run ev topics --format csv
	assert_status 0
	[ "$(sqlite3 evidence.db 'SELECT count(*) FROM study_citations')" -gt 0 ]
}

@test "a dropped column cannot be restored: init says so and how to recover" {
	load_core
	# SQLite cannot drop a column that a trigger or view names: drop those first, as another program would
	sqlite3 evidence.db "SELECT 'DROP TRIGGER \"' || name || '\";' FROM sqlite_schema WHERE type = 'trigger' UNION ALL SELECT 'DROP VIEW \"' || name || '\";' FROM sqlite_schema WHERE type = 'view'" | sqlite3 evidence.db
	sqlite3 evidence.db 'ALTER TABLE studies DROP COLUMN funding'
	before=$(dump_db)
	run --separate-stderr ev init
	assert_status 1
	assert_equal "evidence: init: 'evidence.db' has lost column 'studies.funding', which 'evidence init' cannot restore (its values went with it): restore a backup, or rebuild the database from 'evidence dump'" "$stderr"
	assert_equal "$before" "$(dump_db)"
}

@test "landed migrations keep their checksums: a database made by an earlier build is the same as a new one" {
	cd "$REPO/schema"
	run sha256sum 001-core.sql 002-search.sql 003-history.sql 004-views.sql 005-faster-writes.sql 006-raw-data.sql \
		007-grading-fields.sql 008-link-subgroup.sql 009-review-settings.sql 010-additions-as-events.sql \
		011-title-index-prefix.sql 012-title-index-lower-last.sql 013-search-queue-ranges.sql
	assert_equal "f76c583a721d0214dc846b15e8f6a52e917f40d4073a45beed58682fe334ee74  001-core.sql
900f61d28616d64cd347214645e4f10d9d3cb1e96d9a3f996f42876651fb2c00  002-search.sql
62542621200bdf3499cc61922cbae133c50b2332cf3fe8cfea6b54909dac3e3a  003-history.sql
82a4257c038c694d6f74e24bffa1e1dd0514cd34ac34723588ea6d6bda9f5d9e  004-views.sql
d6b4f5a46ea9e408a2a71fd097189c6ee9fdcf5d349fb7aeb091d3e66fc5f626  005-faster-writes.sql
b3be2efc6450499adc8cef2c6073132a8451b028f2127daa48499df4ab281a2c  006-raw-data.sql
43c326a415f29f9adce61e27a39b7c50d8a76435f50e4943f8d007971e4a7fa8  007-grading-fields.sql
1da3250b7551a17e58c317f2ee8a5648eeb9b7ece879f74b8692fb0bb3b8de57  008-link-subgroup.sql
3715269e773f04db84c346427dc878eb9b2b0a04905c668fcb46236b55498683  009-review-settings.sql
f2ca91530fc1ebdc05faf3a46fa63057c961b548f6fa3963d586f8aff9e19ce9  010-additions-as-events.sql
193b204d91ba2f5251651e96003142a3208ec7ccf7c29cd003edd6fae4bca67c  011-title-index-prefix.sql
d91222e087ef27cda58d8c37a6ac5ff98f389aa32e497d174bc390e37fd74bc9  012-title-index-lower-last.sql
c24246c3d36fb6dbd1a346b283f6fc43abe478fb088d55e9bc1dbb901aed72e8  013-search-queue-ranges.sql" "$output"
	# a new migration is pinned here when it lands
	assert_equal 13 "$(ls [0-9][0-9][0-9]-*.sql | wc -l)"
}

@test "a new database has 8 KiB pages; one made with SQLite's 4 KiB pages keeps them and takes imports" {
	ev init
	assert_equal 8192 "$(sqlite3 evidence.db 'PRAGMA page_size')"
	# The same schema in 4 KiB pages, as an earlier build made it.
	sqlite3 evidence.db .dump >schema.sql
	sqlite3 old.db "PRAGMA page_size=4096; PRAGMA journal_mode=WAL;" >/dev/null
	sqlite3 old.db <schema.sql
	sqlite3 old.db "PRAGMA application_id=$(sqlite3 evidence.db 'PRAGMA application_id');
		PRAGMA user_version=$(sqlite3 evidence.db 'PRAGMA user_version')"
	assert_equal 4096 "$(sqlite3 old.db 'PRAGMA page_size')"
	ev --db old.db -q import "$DATA"/core/*.csv
	ev -q import "$DATA"/core/*.csv
	assert_equal 4096 "$(sqlite3 old.db 'PRAGMA page_size')"
	assert_equal "$(sqlite3 evidence.db 'SELECT key, title FROM studies ORDER BY key')" \
		"$(sqlite3 old.db 'SELECT key, title FROM studies ORDER BY key')"
}
