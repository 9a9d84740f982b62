-- Household-list imports: each file's preview and commit, and the uncertain matches a
-- coordinator confirms or rejects (SQLite dialect; migrations/postgres holds the same).

CREATE TABLE imports (
    id                   INTEGER PRIMARY KEY,
    created_at           TEXT NOT NULL,
    created_by           BIGINT REFERENCES users(id) ON DELETE SET NULL,
    file_name            TEXT NOT NULL,
    sha256               TEXT NOT NULL CHECK (length(sha256) = 64),
    stored_as            TEXT NOT NULL,
    source               TEXT NOT NULL CHECK (source IN ('tpmap', 'thaiqm', 'local')),
    source_year          BIGINT CHECK (source_year IS NULL OR source_year BETWEEN 2500 AND 2700),
    mapping              TEXT,
    status               TEXT NOT NULL CHECK (status IN ('previewed', 'committed', 'discarded')),
    rows_total           BIGINT NOT NULL DEFAULT 0,
    rows_rejected        BIGINT NOT NULL DEFAULT 0,
    households_new       BIGINT NOT NULL DEFAULT 0,
    households_updated   BIGINT NOT NULL DEFAULT 0,
    households_unchanged BIGINT NOT NULL DEFAULT 0,
    households_uncertain BIGINT NOT NULL DEFAULT 0,
    members_new          BIGINT NOT NULL DEFAULT 0,
    problems_new         BIGINT NOT NULL DEFAULT 0,
    rejected_csv         TEXT,
    issues               TEXT,
    format               TEXT,
    unused_columns       TEXT,
    committed_at         TEXT
);
CREATE INDEX imports_created ON imports(created_at);

CREATE TABLE merge_candidates (
    id                 INTEGER PRIMARY KEY,
    import_id          BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    household_id       BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    incoming           TEXT NOT NULL,
    reason             TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
    decided_by         BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at         TEXT,
    result_household_id BIGINT REFERENCES households(id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX merge_candidates_status ON merge_candidates(status);
CREATE INDEX merge_candidates_household ON merge_candidates(household_id);
CREATE INDEX households_address ON households(tambon_code, moo, house_no);
