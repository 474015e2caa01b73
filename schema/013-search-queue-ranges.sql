-- 013-search-queue-ranges.sql: the search queue takes a range of rows, for
-- the rows of a bulk load (issue 16).
--
-- search_pending (005-faster-writes.sql) holds one row per study or claim
-- whose search entry is out of date. A bulk load (an import into an empty
-- table) queued every row it added with one statement: at 1,000,000
-- studies a million queue rows, 0.29 s of the import, naming exactly the
-- table's ids. The rows a bulk load adds are every id from the first to
-- the last; one row here says so.
--
-- A row of search_pending_range queues the FTS rowids first, first + 2,
-- ..., last: one kind's ids in a range (2 * id for a study, 2 * id + 1 for
-- a claim, as in search_pending). An id in the range that names no row
-- (removed since) is indexed as removed, as a queued rowid is. Ranges may
-- overlap each other and search_pending; indexing a row twice gives the
-- same entry. The program empties both when it brings the index up to
-- date (model_search.c).
CREATE TABLE search_pending_range (
	id    INTEGER PRIMARY KEY,
	first INTEGER NOT NULL CHECK (first > 0),
	last  INTEGER NOT NULL CHECK (last >= first AND (last - first) % 2 = 0)
) STRICT;
