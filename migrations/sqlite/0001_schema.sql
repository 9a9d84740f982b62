-- Hakpaeng data model v1 (SQLite dialect; migrations/postgres holds the same model).
-- Timestamps are ISO-8601 UTC text ('2026-11-28T20:17:47Z') and dates ISO text ('2026-11-28')
-- in both dialects, so one set of queries serves both databases. Flags are INTEGER 0/1 here
-- (BOOLEAN in PostgreSQL): sqlx's Any driver cannot read SQLite's BOOLEAN columns.

CREATE TABLE provinces (
    code     TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[0-9][0-9]'),
    name_th  TEXT NOT NULL,
    name_en  TEXT NOT NULL
);

CREATE TABLE amphoes (
    code          TEXT PRIMARY KEY CHECK (length(code) = 4 AND code GLOB '[0-9][0-9][0-9][0-9]'),
    province_code TEXT NOT NULL REFERENCES provinces(code),
    name_th       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    CHECK (substr(code, 1, 2) = province_code)
);

CREATE TABLE tambons (
    code        TEXT PRIMARY KEY CHECK (length(code) = 6 AND code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'),
    amphoe_code TEXT NOT NULL REFERENCES amphoes(code),
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    postal_code TEXT,
    lat         REAL CHECK (lat IS NULL OR lat BETWEEN 5.5 AND 20.5),
    lon         REAL CHECK (lon IS NULL OR lon BETWEEN 97.3 AND 105.7),
    CHECK (substr(code, 1, 4) = amphoe_code)
);
CREATE INDEX tambons_amphoe ON tambons(amphoe_code);

CREATE TABLE villages (
    code        TEXT PRIMARY KEY CHECK (length(code) = 8 AND code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    tambon_code TEXT NOT NULL REFERENCES tambons(code),
    moo         BIGINT NOT NULL CHECK (moo BETWEEN 1 AND 99),
    name_th     TEXT NOT NULL,
    CHECK (substr(code, 1, 6) = tambon_code),
    UNIQUE (tambon_code, moo)
);

-- The versioned indicator catalogue: indicator sets change over the years (TPMAP17, ...).
CREATE TABLE indicator_sets (
    code        TEXT PRIMARY KEY,
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    valid_from  TEXT,
    valid_to    TEXT,
    is_current  INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1))
);

CREATE TABLE indicators (
    id          INTEGER PRIMARY KEY,
    set_code    TEXT NOT NULL REFERENCES indicator_sets(code),
    code        TEXT NOT NULL,
    dimension   TEXT NOT NULL CHECK (dimension IN ('health', 'living', 'education', 'income', 'access')),
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    sort_order  BIGINT NOT NULL,
    UNIQUE (set_code, code)
);

CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    short_th    TEXT NOT NULL,
    dimension   TEXT CHECK (dimension IS NULL OR dimension IN ('health', 'living', 'education', 'income', 'access')),
    is_lead     INTEGER NOT NULL DEFAULT 0 CHECK (is_lead IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE assistance_menu (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    dimension       TEXT CHECK (dimension IS NULL OR dimension IN ('health', 'living', 'education', 'income', 'access')),
    name_th         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    owner_agency_id BIGINT REFERENCES agencies(id),
    stage           TEXT NOT NULL CHECK (stage IN ('survive', 'sufficient', 'sustainable')),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 64),
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'officer', 'agency', 'executive')),
    scope_kind    TEXT NOT NULL CHECK (scope_kind IN ('province', 'amphoe', 'tambon', 'agency')),
    agency_id     BIGINT REFERENCES agencies(id),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    CHECK ((scope_kind = 'agency') = (agency_id IS NOT NULL))
);

-- The area codes of a user's scope: one province, a list of amphoe or a list of tambon codes.
CREATE TABLE user_scope_areas (
    user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    area_code TEXT NOT NULL CHECK (length(area_code) IN (2, 4, 6)),
    PRIMARY KEY (user_id, area_code)
);

-- Sessions and API tokens keep only a SHA-256 of the secret the client holds.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    user_agent   TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);

CREATE TABLE households (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces(code),
    amphoe_code   TEXT NOT NULL REFERENCES amphoes(code),
    tambon_code   TEXT NOT NULL REFERENCES tambons(code),
    village_code  TEXT REFERENCES villages(code),
    moo           BIGINT CHECK (moo IS NULL OR moo BETWEEN 1 AND 99),
    village_name  TEXT,
    house_no      TEXT,
    house_code    TEXT UNIQUE CHECK (house_code IS NULL OR (length(house_code) = 11 AND house_code NOT GLOB '*[^0-9]*')),
    head_name     TEXT,
    head_sort_key TEXT,
    lat           REAL CHECK (lat IS NULL OR lat BETWEEN 5.5 AND 20.5),
    lon           REAL CHECK (lon IS NULL OR lon BETWEEN 97.3 AND 105.7),
    stage         TEXT CHECK (stage IS NULL OR stage IN ('survive', 'sufficient', 'sustainable')),
    welfare_card  INTEGER NOT NULL DEFAULT 0 CHECK (welfare_card IN (0, 1)),
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0, 1)),
    version       BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (substr(tambon_code, 1, 4) = amphoe_code),
    CHECK (substr(amphoe_code, 1, 2) = province_code),
    CHECK (village_code IS NULL OR substr(village_code, 1, 6) = tambon_code),
    CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX households_amphoe_sort ON households(amphoe_code, head_sort_key, id);
CREATE INDEX households_tambon_sort ON households(tambon_code, head_sort_key, id);
CREATE INDEX households_village ON households(village_code);
CREATE INDEX households_sort ON households(head_sort_key, id);
CREATE INDEX households_stage ON households(amphoe_code, stage);

-- Where a household came from: every source keeps its own id (TPMAP 2565, ThaiQM, local survey).
CREATE TABLE household_sources (
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    source       TEXT NOT NULL CHECK (source IN ('tpmap', 'thaiqm', 'local')),
    source_year  BIGINT CHECK (source_year IS NULL OR source_year BETWEEN 2500 AND 2700),
    source_ref   TEXT NOT NULL,
    PRIMARY KEY (source, source_ref)
);
CREATE INDEX household_sources_household ON household_sources(household_id);

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    citizen_id   TEXT UNIQUE CHECK (citizen_id IS NULL OR (length(citizen_id) = 13 AND citizen_id NOT GLOB '*[^0-9]*')),
    prefix       TEXT,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    sex          TEXT CHECK (sex IS NULL OR sex IN ('male', 'female')),
    birth_date   TEXT,
    relation     TEXT NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'relative', 'other')),
    is_disabled  INTEGER NOT NULL DEFAULT 0 CHECK (is_disabled IN (0, 1)),
    is_bedridden INTEGER NOT NULL DEFAULT 0 CHECK (is_bedridden IN (0, 1)),
    sort_order   BIGINT NOT NULL DEFAULT 0,
    -- The 13th digit is the check digit of the first 12 (DOMAIN.md §8).
    CHECK (citizen_id IS NULL OR (11 - (CAST(substr(citizen_id, 1, 1) AS INTEGER) * 13 + CAST(substr(citizen_id, 2, 1) AS INTEGER) * 12 + CAST(substr(citizen_id, 3, 1) AS INTEGER) * 11 + CAST(substr(citizen_id, 4, 1) AS INTEGER) * 10 + CAST(substr(citizen_id, 5, 1) AS INTEGER) * 9 + CAST(substr(citizen_id, 6, 1) AS INTEGER) * 8 + CAST(substr(citizen_id, 7, 1) AS INTEGER) * 7 + CAST(substr(citizen_id, 8, 1) AS INTEGER) * 6 + CAST(substr(citizen_id, 9, 1) AS INTEGER) * 5 + CAST(substr(citizen_id, 10, 1) AS INTEGER) * 4 + CAST(substr(citizen_id, 11, 1) AS INTEGER) * 3 + CAST(substr(citizen_id, 12, 1) AS INTEGER) * 2) % 11) % 10 = CAST(substr(citizen_id, 13, 1) AS INTEGER))
);
CREATE INDEX members_household ON members(household_id);
CREATE UNIQUE INDEX members_one_head ON members(household_id) WHERE relation = 'head';

CREATE TABLE problems (
    id              INTEGER PRIMARY KEY,
    household_id    BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    indicator_id    BIGINT NOT NULL REFERENCES indicators(id),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved', 'cannot_resolve', 'not_applicable')),
    owner_agency_id BIGINT REFERENCES agencies(id),
    version         BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
    opened_on       TEXT NOT NULL,
    closed_on       TEXT,
    updated_at      TEXT NOT NULL,
    UNIQUE (household_id, indicator_id)
);
CREATE INDEX problems_indicator ON problems(indicator_id, status);
CREATE INDEX problems_owner ON problems(owner_agency_id, status);

CREATE TABLE problem_supporters (
    problem_id BIGINT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    agency_id  BIGINT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (problem_id, agency_id)
);

CREATE TABLE assistance_records (
    id                   INTEGER PRIMARY KEY,
    household_id         BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    member_id            BIGINT REFERENCES members(id) ON DELETE SET NULL,
    problem_id           BIGINT REFERENCES problems(id) ON DELETE SET NULL,
    menu_item_id         BIGINT REFERENCES assistance_menu(id),
    detail               TEXT NOT NULL DEFAULT '',
    owner_agency_id      BIGINT REFERENCES agencies(id),
    officer_user_id      BIGINT REFERENCES users(id),
    target_stage         TEXT CHECK (target_stage IS NULL OR target_stage IN ('survive', 'sufficient', 'sustainable')),
    planned_on           TEXT,
    done_on              TEXT,
    amount_satang        BIGINT CHECK (amount_satang IS NULL OR amount_satang >= 0),
    budget_source        TEXT,
    in_kind_value_satang BIGINT CHECK (in_kind_value_satang IS NULL OR in_kind_value_satang >= 0),
    result               TEXT NOT NULL CHECK (result IN ('done', 'in_progress', 'cannot_do')),
    result_reason        TEXT,
    resolved_problem     INTEGER NOT NULL DEFAULT 0 CHECK (resolved_problem IN (0, 1)),
    lat                  REAL CHECK (lat IS NULL OR lat BETWEEN 5.5 AND 20.5),
    lon                  REAL CHECK (lon IS NULL OR lon BETWEEN 97.3 AND 105.7),
    visit_note           TEXT,
    media_consent        TEXT NOT NULL DEFAULT 'none' CHECK (media_consent IN ('none', 'internal', 'public')),
    created_by           BIGINT REFERENCES users(id),
    created_at           TEXT NOT NULL,
    updated_by           BIGINT REFERENCES users(id),
    updated_at           TEXT NOT NULL,
    verified_by          BIGINT REFERENCES users(id),
    verified_at          TEXT
);
CREATE INDEX assistance_household ON assistance_records(household_id, done_on);
CREATE INDEX assistance_problem ON assistance_records(problem_id);
CREATE INDEX assistance_member ON assistance_records(member_id);

CREATE TABLE stage_history (
    id           INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    from_stage   TEXT CHECK (from_stage IS NULL OR from_stage IN ('survive', 'sufficient', 'sustainable')),
    to_stage     TEXT CHECK (to_stage IS NULL OR to_stage IN ('survive', 'sufficient', 'sustainable')),
    changed_by   BIGINT REFERENCES users(id),
    changed_at   TEXT NOT NULL,
    note         TEXT
);
CREATE INDEX stage_history_household ON stage_history(household_id, changed_at);

-- Who did what: views of case files, sign-ins, edits, exports and id reveals (PDPA).
CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user_id    BIGINT REFERENCES users(id) ON DELETE SET NULL,
    action     TEXT NOT NULL CHECK (action <> '' AND action NOT GLOB '*[^a-z_]*'),
    entity     TEXT,
    entity_id  TEXT,
    detail     TEXT
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_entity ON audit_events(entity, entity_id);
