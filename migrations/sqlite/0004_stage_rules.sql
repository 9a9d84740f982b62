-- The stage rule as data (SQLite dialect; migrations/postgres holds the same): the rung of the
-- ladder each indicator's problem holds a household at, and per province the levels that must
-- have no unsolved problem before a household stands on a stage. Admins change the rule.

CREATE TABLE indicator_levels (
    indicator_id BIGINT PRIMARY KEY REFERENCES indicators(id) ON DELETE CASCADE,
    level        TEXT NOT NULL CHECK (level IN ('survive', 'sufficient', 'sustainable'))
);

CREATE TABLE stage_rules (
    province_code TEXT NOT NULL REFERENCES provinces(code),
    to_stage      TEXT NOT NULL CHECK (to_stage IN ('survive', 'sufficient', 'sustainable')),
    -- Comma-separated levels, e.g. 'survive,sufficient'; empty: the stage needs nothing.
    must_resolve  TEXT NOT NULL DEFAULT '',
    updated_by    BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (province_code, to_stage)
);

-- TPMAP17: what a household needs to survive (a safe home and water, care, schooling, a
-- minimum income, a healthy birth) and what makes it sufficient (the rest).
INSERT INTO indicator_levels (indicator_id, level)
SELECT id, CASE WHEN code IN ('H1', 'L1', 'L2', 'L3', 'E2', 'I3', 'A1', 'A2') THEN 'survive' ELSE 'sufficient' END
FROM indicators WHERE set_code = 'TPMAP17';

-- Every province starts with the default: each lower level solved.
INSERT INTO stage_rules (province_code, to_stage, must_resolve, updated_at)
SELECT code, 'survive', '', '2026-11-29T00:00:00Z' FROM provinces;
INSERT INTO stage_rules (province_code, to_stage, must_resolve, updated_at)
SELECT code, 'sufficient', 'survive', '2026-11-29T00:00:00Z' FROM provinces;
INSERT INTO stage_rules (province_code, to_stage, must_resolve, updated_at)
SELECT code, 'sustainable', 'survive,sufficient', '2026-11-29T00:00:00Z' FROM provinces;
