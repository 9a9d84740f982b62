-- The case boards' change feed (SQLite dialect; migrations/postgres holds the same): every owner,
-- status and stage move is written here in the move's own transaction. Its id orders the feed,
-- so a board that reconnects asks for what came after the last id it saw. Old rows are pruned.

CREATE TABLE board_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    province_code TEXT NOT NULL,
    amphoe_code   TEXT NOT NULL,
    tambon_code   TEXT NOT NULL,
    -- The event as the boards read it (JSON).
    payload       TEXT NOT NULL
);
CREATE INDEX board_events_at ON board_events(at);
