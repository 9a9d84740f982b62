-- Resumable photo uploads (SQLite dialect; migrations/postgres holds the same): a photo sent in
-- chunks from a phone on a weak signal. The upload carries the photo's fields, its size and
-- SHA-256; the chunks received so far live here (not on one instance's disk) so any instance
-- can take the next one. Numbered 0009: 0008 is left for the lead's branch.

CREATE TABLE photo_uploads (
    -- AUTOINCREMENT: an id is never given again after a cleared upload, so a phone's stale id
    -- cannot reach another upload.
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by      BIGINT NOT NULL REFERENCES users(id),
    -- The photo's client id (`Idempotency-Key`): one upload per user and key.
    client_id       TEXT NOT NULL,
    household_id    BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    assistance_id   BIGINT,
    visit_id        BIGINT,
    kind            TEXT NOT NULL CHECK (kind IN ('before', 'after', 'consent_form', 'other')),
    consent         TEXT NOT NULL CHECK (consent IN ('none', 'internal', 'public')),
    consent_form_id BIGINT,
    -- The whole photo: its size (at most 8 MB) and the SHA-256 of its bytes, checked at the end.
    total_bytes     BIGINT NOT NULL CHECK (total_bytes BETWEEN 1 AND 8388608),
    sha256          TEXT NOT NULL,
    -- Bytes received so far (the next chunk's offset).
    received        BIGINT NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND total_bytes),
    request_sha256  TEXT NOT NULL,
    -- The stored photo once the last byte arrived and it passed the checks.
    photo_id        BIGINT REFERENCES photos(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (created_by, client_id)
);
CREATE INDEX photo_uploads_updated ON photo_uploads(updated_at);

CREATE TABLE photo_upload_chunks (
    upload_id       BIGINT NOT NULL REFERENCES photo_uploads(id) ON DELETE CASCADE,
    start_at        BIGINT NOT NULL CHECK (start_at >= 0),
    data            BLOB NOT NULL,
    PRIMARY KEY (upload_id, start_at)
);
