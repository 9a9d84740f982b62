-- The field app's records (SQLite dialect; migrations/postgres holds the same): visits, evidence
-- photos, and the client id every record carries so that a retried send stores it once
-- (unique per user), with the fingerprint of the request that first used it.

CREATE TABLE visits (
    id              INTEGER PRIMARY KEY,
    household_id    BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    officer_user_id BIGINT NOT NULL REFERENCES users(id),
    outcome         TEXT NOT NULL CHECK (outcome IN ('met', 'nobody_home', 'moved', 'died', 'refused')),
    note            TEXT,
    lat             REAL CHECK (lat IS NULL OR lat BETWEEN 5.5 AND 20.5),
    lon             REAL CHECK (lon IS NULL OR lon BETWEEN 97.3 AND 105.7),
    visited_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    client_id       TEXT,
    request_sha256  TEXT NOT NULL,
    UNIQUE (officer_user_id, client_id)
);
CREATE INDEX visits_household ON visits(household_id, visited_at);

ALTER TABLE assistance_records ADD COLUMN client_id TEXT;
ALTER TABLE assistance_records ADD COLUMN request_sha256 TEXT;
CREATE UNIQUE INDEX assistance_client ON assistance_records(created_by, client_id);

CREATE TABLE photos (
    id              INTEGER PRIMARY KEY,
    household_id    BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    assistance_id   BIGINT REFERENCES assistance_records(id) ON DELETE SET NULL,
    visit_id        BIGINT REFERENCES visits(id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('before', 'after', 'consent_form', 'other')),
    consent         TEXT NOT NULL CHECK (consent IN ('none', 'internal', 'public')),
    consent_form_id BIGINT REFERENCES photos(id),
    content_type    TEXT NOT NULL,
    bytes           BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    -- Keys in the photo store: the file as sent, and the copy without metadata that is served.
    original_key    TEXT NOT NULL,
    clean_key       TEXT NOT NULL,
    created_by      BIGINT NOT NULL REFERENCES users(id),
    created_at      TEXT NOT NULL,
    client_id       TEXT,
    request_sha256  TEXT NOT NULL,
    UNIQUE (created_by, client_id)
);
CREATE INDEX photos_household ON photos(household_id);
