-- Visit plans (SQLite dialect; migrations/postgres holds the same): a district's day of field
-- visits with its ordered stops, its team, its start and end points and the travel settings
-- the arrival times are estimated with.

CREATE TABLE visit_plans (
    id                INTEGER PRIMARY KEY,
    amphoe_code       TEXT NOT NULL REFERENCES amphoes(code),
    visit_date        TEXT NOT NULL,
    title             TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed', 'done')),
    start_label       TEXT NOT NULL,
    start_lat         REAL NOT NULL CHECK (start_lat BETWEEN 5.5 AND 20.5),
    start_lon         REAL NOT NULL CHECK (start_lon BETWEEN 97.3 AND 105.7),
    end_label         TEXT,
    end_lat           REAL CHECK (end_lat IS NULL OR end_lat BETWEEN 5.5 AND 20.5),
    end_lon           REAL CHECK (end_lon IS NULL OR end_lon BETWEEN 97.3 AND 105.7),
    start_minute      BIGINT NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    speed_kmh         REAL NOT NULL CHECK (speed_kmh > 0),
    detour_factor     REAL NOT NULL CHECK (detour_factor >= 1),
    minutes_per_visit BIGINT NOT NULL CHECK (minutes_per_visit >= 0),
    carried_from      BIGINT REFERENCES visit_plans(id) ON DELETE SET NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_by        BIGINT NOT NULL REFERENCES users(id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX visit_plans_day ON visit_plans(visit_date, amphoe_code);

CREATE TABLE visit_plan_stops (
    plan_id      BIGINT NOT NULL REFERENCES visit_plans(id) ON DELETE CASCADE,
    position     BIGINT NOT NULL,
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, household_id)
);
CREATE INDEX visit_plan_stops_household ON visit_plan_stops(household_id);

CREATE TABLE visit_plan_officers (
    plan_id BIGINT NOT NULL REFERENCES visit_plans(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (plan_id, user_id)
);
CREATE INDEX visit_plan_officers_user ON visit_plan_officers(user_id);
