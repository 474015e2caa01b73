#!/usr/bin/env bats
# Issue 17, point 4: one list of fields per kind, and nothing that restates
# it may drift. The field tables of validate.c are the list: `dump` writes
# them as its CSV header (and import, add and edit take them). Checked
# against them, in their order: the table's columns, and the fields that
# the history records when a row is added (the *_added view's JSON), edited
# and removed (the triggers). A column added to one and not the others
# fails here. Whether model.c reads every column back is checked by the
# round trips (dump.bats: import, dump, compare), which need every field.

load helper

# header KIND: the field table of KIND (articles, studies, claims,
# evidence), from dump's CSV header.
header() {
	head -1 "d/$1.csv"
}

# schema_fields OBJECT: the field names a trigger or view of the fresh
# database lists ("SELECT 'title', OLD.title, ..." and "'title', r.title"),
# in its order, joined by commas.
schema_fields() {
	sqlite3 evidence.db "SELECT sql FROM sqlite_schema WHERE name = '$1'" |
		grep -oE "^[[:space:]]*(SELECT )?'[a-z_]+'( AS f)?," | grep -oE "'[a-z_]+'" | tr -d "'" | paste -sd, -
}

load_and_dump() {
	ev -q import "$SAMPLE"/*.csv
	ev dump d > /dev/null
}

@test "the history records every field of each kind, in the field table's order, on add, edit and remove" {
	load_and_dump
	for k in articles studies claims evidence; do
		[ -n "$(header $k)" ]
		for object in ${k}_added ${k}_history_edit ${k}_history_remove; do
			assert_equal "$k: $(header $k)" "$k: $(schema_fields "$object")"
		done
	done
}

@test "every field is a column of its table, and every column a field (keys of other rows by their id)" {
	load_and_dump
	for k in articles studies claims evidence; do
		# A field that names another row is stored as that row's id; the
		# table adds its own id, and claims their place in the article.
		want=$(header $k | sed -e 's/^/id,/' -e 's/\(^\|,\)article\(,\|$\)/\1article_id\2/' \
			-e 's/\(^\|,\)claim\(,\|$\)/\1claim_id\2/' -e 's/\(^\|,\)study\(,\|$\)/\1study_id\2/' |
			tr , '\n' | sort | paste -sd, -)
		[ "$k" != claims ] || want=$(printf '%s\n' "$want" | tr , '\n' | { cat; echo position; } | sort | paste -sd, -)
		got=$(sqlite3 evidence.db "SELECT name FROM pragma_table_info('$k')" | sort | paste -sd, -)
		assert_equal "$k: $want" "$k: $got"
	done
}

@test "the check sees a field the history leaves out" {
	load_and_dump
	# What a migration that added a column to the table but not to the
	# trigger would leave: the trigger without one of its lines.
	sql=$(sqlite3 evidence.db "SELECT sql FROM sqlite_schema WHERE name = 'studies_history_edit'" | grep -v "SELECT 'funding'")
	foreign_write evidence.db "DROP TRIGGER IF EXISTS studies_history_edit; $sql;"
	[[ "$(schema_fields studies_history_edit)" != "$(header studies)" ]]
	[[ "$(header studies)" == *",funding,"* ]]
	[[ "$(schema_fields studies_history_edit)" != *",funding,"* ]]
}
