#!/usr/bin/env bats
# Outputs never destroy inputs (issue 18, items 1, 2 and part of 7): -o
# naming the database, its -wal/-shm/-journal or a file the command reads
# is refused and changes nothing; devices and FIFOs are written into and
# never replaced; symbolic links stay links; --db that is empty, a device
# or an empty file is refused. Fixture: tests/data/core.

load helper

load_core() {
	ev -q import "$DATA"/core/*.csv
}

# the topics table of the core fixture, as `evidence topics` prints it
topics_table() {
	ev topics
}

@test "-o naming the database is refused and the database is kept byte for byte" {
	load_core
	cp evidence.db before.db
	for target in evidence.db ./evidence.db "$PWD/evidence.db" ../"$(basename "$PWD")"/evidence.db; do
		run --separate-stderr ev topics -o "$target"
		assert_status 1
		assert_equal "evidence: topics: -o: '$target' is the database or one of its files; the output would destroy it" "$stderr"
		cmp evidence.db before.db
	done
}

@test "-o naming the database's -wal, -shm or -journal is refused, whether or not it exists" {
	load_core
	cp evidence.db before.db
	for suffix in -wal -shm -journal; do
		run --separate-stderr ev topics -o "evidence.db$suffix"
		assert_status 1
		assert_equal "evidence: topics: -o: 'evidence.db$suffix' is the database or one of its files; the output would destroy it" "$stderr"
		[ ! -e "evidence.db$suffix" ]
	done
	# while another process has the database open, its -wal exists
	[ "$(sqlite3 evidence.db 'PRAGMA journal_mode')" = wal ]
	mkfifo commands
	sqlite3 evidence.db < commands > /dev/null &
	holder=$!
	exec 7> commands
	echo 'SELECT count(*) FROM studies;' >&7
	for _ in $(seq 100); do [ -e evidence.db-wal ] && break; sleep 0.1; done
	[ -e evidence.db-wal ]
	cp evidence.db-wal wal.before
	run --separate-stderr ev topics -o evidence.db-wal
	assert_status 1
	cmp evidence.db-wal wal.before
	exec 7>&-
	wait "$holder"
	cmp evidence.db before.db
}

@test "-o through a symbolic link or a hard link to the database is refused" {
	load_core
	cp evidence.db before.db
	ln -s evidence.db soft.db
	ln evidence.db hard.db
	mkdir sub
	ln -s .. sub/up
	for target in soft.db hard.db sub/up/evidence.db; do
		run --separate-stderr ev topics -o "$target"
		assert_status 1
		assert_equal "evidence: topics: -o: '$target' is the database or one of its files; the output would destroy it" "$stderr"
	done
	cmp evidence.db before.db
	[ -L soft.db ]
}

@test "--db naming another database is protected, not ./evidence.db" {
	load_core
	mv evidence.db other.db
	cp other.db before.db
	run --separate-stderr ev --db other.db topics -o other.db
	assert_status 1
	assert_equal "evidence: topics: -o: 'other.db' is the database or one of its files; the output would destroy it" "$stderr"
	EVIDENCE_DB=other.db run --separate-stderr ev query t-all -o other.db-wal
	assert_status 1
	cmp other.db before.db
	# and an unrelated evidence.db is a fine output for a command on other.db
	run ev --db other.db topics -o evidence.db
	assert_status 0
	assert_equal "$(ev --db other.db topics)" "$(cat evidence.db)"
}

@test "dump refuses a folder where a CSV file would replace the database" {
	load_core
	cp evidence.db studies.csv
	cp evidence.db before.db
	run --separate-stderr ev dump . --db studies.csv
	assert_status 1
	assert_equal "evidence: dump: './studies.csv' is the database or one of its files; the dump would destroy it" "$stderr"
	cmp studies.csv before.db
	[ ! -e articles.csv ]
}

@test "audit -o naming its own --text file is refused and the text is kept" {
	load_core
	printf 'An article about the fixture claims.\n' > article.md
	cp article.md before.md
	run --separate-stderr ev audit test-article --text article.md -o article.md
	assert_status 1
	assert_equal "evidence: audit: --text: 'article.md' is also the output (-o): the command would write over what it reads" "$stderr"
	cmp article.md before.md
	ln -s article.md alias.md
	run --separate-stderr ev audit test-article --text alias.md -o article.md
	assert_status 1
	cmp article.md before.md
}

@test "-o /dev/full fails with the device's error and leaves the device node alone" {
	[ -c /dev/full ] || skip "no /dev/full on this system"
	load_core
	run --separate-stderr ev topics -o /dev/full
	assert_status 1
	assert_equal "evidence: topics: cannot write the output: No space left on device" "$stderr"
	[ -c /dev/full ]
	[ -z "$(find /dev -maxdepth 1 -name 'full.tmp-*')" ]
}

@test "-o /dev/stdout writes to standard output and keeps the symbolic link" {
	load_core
	run --separate-stderr ev topics -o /dev/stdout
	assert_status 0
	assert_equal "$(topics_table)" "$output"
	[ -L /dev/stdout ]
}

@test "-o a FIFO writes into it for its reader and leaves it a FIFO" {
	load_core
	mkfifo pipe
	cat pipe > received &
	reader=$!
	run timeout 20 "$EVIDENCE_BIN" topics -o pipe
	assert_status 0
	wait "$reader"
	[ -p pipe ]
	assert_equal "$(topics_table)" "$(cat received)"
}

@test "-o a symbolic link to a regular file replaces the file and keeps the link" {
	load_core
	mkdir out
	printf 'old\n' > out/target.txt
	ln -s out/target.txt link.txt
	run ev topics -o link.txt
	assert_status 0
	[ -L link.txt ]
	assert_equal "out/target.txt" "$(readlink link.txt)"
	assert_equal "$(topics_table)" "$(cat out/target.txt)"
	[ -z "$(find . -name '*.tmp-*')" ]
}

@test "-o a directory is refused" {
	load_core
	mkdir folder
	run --separate-stderr ev topics -o folder
	assert_status 1
	assert_equal "evidence: topics: -o: 'folder' is a directory" "$stderr"
}

@test "--db naming a device is refused and leaves no journal beside it" {
	run --separate-stderr ev --db /dev/null topics
	assert_status 1
	assert_equal "evidence: topics: '/dev/null' is not a regular file, so it cannot be a database" "$stderr"
	[ ! -e /dev/null-journal ]
	mkfifo pipe.db
	run --separate-stderr timeout 20 "$EVIDENCE_BIN" --db pipe.db init
	assert_status 1
	assert_equal "evidence: init: 'pipe.db' is not a regular file, so it cannot be a database" "$stderr"
	[ -p pipe.db ]
	[ ! -e pipe.db-journal ]
}

@test "a reading command refuses an empty file and leaves it empty" {
	: > empty.db
	run --separate-stderr ev --db empty.db topics
	assert_status 1
	assert_equal "evidence: topics: 'empty.db' is empty, not a database; 'evidence init' makes it one" "$stderr"
	[ ! -s empty.db ]
	[ ! -e empty.db-wal ]
	# init is the way to make it one
	run ev --db empty.db init
	assert_status 0
	run ev --db empty.db topics
	assert_status 0
}

@test "an empty --db or EVIDENCE_DB is a usage error, not ./evidence.db" {
	load_core
	run --separate-stderr ev --db "" topics
	assert_status 2
	assert_equal "evidence: the path is empty for option '--db'" "${stderr%%$'\n'*}"
	run --separate-stderr ev topics --db ""
	assert_status 2
	assert_equal "evidence: topics: --db: the path is empty" "${stderr%%$'\n'*}"
	EVIDENCE_DB= run --separate-stderr ev topics
	assert_status 2
	assert_equal "evidence: topics: EVIDENCE_DB is set but empty; unset it or name a database" "${stderr%%$'\n'*}"
	[ -z "$output" ]
}

# Issue 18 item 7: --db through a symbolic link failed with SQLite's
# "unable to open database file", which says nothing of the link.
@test "--db through a symbolic link says so and names the file to give instead" {
	load_core
	cp evidence.db before.db
	ln -s evidence.db soft.db
	mkdir sub
	ln -s .. sub/up
	real=$(cd "$PWD" && pwd -P)/evidence.db
	for db in soft.db sub/up/evidence.db; do
		for cmd in topics "add study --key link-2020 --title T --authors A --year 2020 --design rct"; do
			# shellcheck disable=SC2086 # $cmd is several words
			run --separate-stderr ev --db "$db" $cmd
			assert_status 1
			assert_equal "evidence: ${cmd%% *}: cannot open the database: '$db' is a symbolic link or is reached through one, and evidence opens a database only by its own path: give --db '$real'" "$stderr"
		done
	done
	cmp evidence.db before.db
	[ ! -e soft.db-wal ] && [ ! -e evidence.db-wal ]
	# A link to nothing: no database is made beside it (db.c once went
	# round in a loop there, the link being something but no database).
	ln -s nowhere.db dangling.db
	run --separate-stderr timeout 20 "$EVIDENCE_BIN" --db dangling.db add study --key link-2020 --title T \
		--authors A --year 2020 --design rct
	assert_status 1
	[[ "$stderr" == "evidence: add: cannot open the database: 'dangling.db' is a symbolic link or is reached through one"* ]]
	[ ! -e nowhere.db ] && [ ! -e dangling.db.new ]
	# A new database through a linked folder: refused the same way, and
	# nothing is left in the folder it leads to.
	run --separate-stderr ev --db sub/up/new.db add study --key link-2020 --title T --authors A --year 2020 --design rct
	assert_status 1
	[[ "$stderr" == "evidence: add: cannot open the database: 'sub/up/new.db' is a symbolic link or is reached through one"* ]]
	[ ! -e new.db ] && [ ! -e new.db.new ]
}

# A new database is made in DB.new (db.c, take_new), which is opened
# without following a symbolic link: one planted there cannot make the
# import empty another file.
@test "a symbolic link or a FIFO at DB.new is refused, left as it is, and no database made" {
	printf 'keep me\n' > target
	ln -s target evidence.db.new
	printf 'key,title\nsome-article,An article\n' > a.csv
	run --separate-stderr ev import a.csv
	assert_status 1
	assert_equal "evidence: import: cannot create 'evidence.db.new' to make the new database 'evidence.db' in: Too many levels of symbolic links" "$stderr"
	assert_equal "keep me" "$(cat target)"
	[ ! -e evidence.db ] && [ -L evidence.db.new ]
	# Nor is anything but a regular file there emptied or removed.
	mkfifo pipe.db.new
	run --separate-stderr ev --db pipe.db import a.csv
	assert_status 1
	assert_equal "evidence: import: cannot make the new database 'pipe.db' in 'pipe.db.new': that is not a regular file" "$stderr"
	[ -p pipe.db.new ] && [ ! -e pipe.db ]
}
