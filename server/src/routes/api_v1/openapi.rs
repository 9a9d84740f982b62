//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the REST API.
use axum::Json;
use serde_json::{json, Value};

fn query_param(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

pub fn spec() -> Value {
    let dims = json!(["health", "living", "education", "income", "access"]);
    let stages = json!(["survive", "sufficient", "sustainable"]);
    let list_params = vec![
        query_param("amphoe", "Amphoe (district) code, 4 digits", json!({ "type": "string", "pattern": "^[0-9]{4}$" })),
        query_param("tambon", "Tambon code, 6 digits", json!({ "type": "string", "pattern": "^[0-9]{6}$" })),
        query_param("village", "Village code, 8 digits", json!({ "type": "string", "pattern": "^[0-9]{8}$" })),
        query_param(
            "dimension",
            "Households with a problem in this dimension",
            json!({ "type": "string", "enum": dims }),
        ),
        query_param(
            "indicator",
            "Households failing this indicator code of the current catalogue (e.g. L2)",
            json!({ "type": "string" }),
        ),
        query_param(
            "stage",
            "Household stage",
            json!({ "type": "string", "enum": ["unassessed", "survive", "sufficient", "sustainable"] }),
        ),
        query_param(
            "status",
            "Households with a problem in this status (pending = open or in progress)",
            json!({ "type": "string", "enum": ["pending", "open", "in_progress", "resolved", "cannot_resolve", "not_applicable"] }),
        ),
        query_param(
            "owner",
            "Households with a problem owned by this agency id, or `none` for problems without an owner",
            json!({ "type": "string" }),
        ),
        query_param(
            "q",
            "Search: a name, a house number, or the last 4–13 digits of a citizen id",
            json!({ "type": "string", "maxLength": 100 }),
        ),
        query_param(
            "sort",
            "Order",
            json!({ "type": "string", "enum": ["name", "address", "problems", "updated"], "default": "name" }),
        ),
        query_param("page", "Page number, from 1", json!({ "type": "integer", "minimum": 1, "default": 1 })),
        query_param(
            "per_page",
            "Households per page",
            json!({ "type": "integer", "minimum": 1, "maximum": 200, "default": 50 }),
        ),
    ];
    let id_param = json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Hakpaeng API",
            "version": "1",
            "description": "The poverty-eradication war room's households, problems and figures. Every answer is limited to the caller's scope (province, amphoe, tambon or agency). Authenticate with `Authorization: Bearer <token>` (made with `hakpaeng token create USERNAME`) or the browser's session cookie. Errors are JSON with a code and messages in English and Thai."
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearer": [] }, { "session": [] }],
        "paths": {
            "/healthz": {
                "get": {
                    "summary": "Liveness and database check",
                    "security": [],
                    "responses": {
                        "200": { "description": "Up, database answering", "content": { "application/json": { "schema": { "type": "object" } } } },
                        "503": { "description": "Database unreachable" }
                    }
                }
            },
            "/api/v1/households": {
                "get": {
                    "summary": "List target households",
                    "parameters": list_params.clone(),
                    "responses": {
                        "200": { "description": "One page of households in the caller's scope", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/HouseholdPage" } } } },
                        "401": error_response("Not signed in"),
                        "422": error_response("A query parameter has an invalid value")
                    }
                }
            },
            "/api/v1/households/{id}": {
                "get": {
                    "summary": "One household's case file (audited)",
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                    "responses": {
                        "200": { "description": "The case file", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CaseFile" } } } },
                        "401": error_response("Not signed in"),
                        "403": error_response("The household is outside the caller's scope"),
                        "404": error_response("No such household")
                    }
                }
            },
            "/api/v1/overview": {
                "get": {
                    "summary": "WAR Room figures: districts × dimensions",
                    "responses": {
                        "200": { "description": "Figures for the caller's scope", "content": { "application/json": { "schema": { "type": "object", "required": ["districts", "total", "as_of"] } } } },
                        "401": error_response("Not signed in")
                    }
                }
            },
            "/api/v1/exports/households.xlsx": {
                "get": {
                    "summary": "The households of a filter as an Excel workbook (summary, households, members, one sheet per dimension); audited",
                    "parameters": list_params.clone(),
                    "responses": {
                        "200": { "description": "The workbook", "content": { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {} } },
                        "401": error_response("Not signed in"),
                        "422": error_response("A query parameter has an invalid value")
                    }
                }
            },
            "/api/v1/exports/households.csv": {
                "get": {
                    "summary": "The households of a filter as CSV (UTF-8 with BOM, one row per person), streamed; audited",
                    "parameters": list_params.clone(),
                    "responses": {
                        "200": { "description": "The CSV", "content": { "text/csv": {} } },
                        "401": error_response("Not signed in"),
                        "422": error_response("A query parameter has an invalid value")
                    }
                }
            },
            "/api/v1/imports": {
                "get": {
                    "summary": "Import history (coordinators)",
                    "responses": { "200": { "description": "The latest imports" }, "403": error_response("Not a coordinator") }
                },
                "post": {
                    "summary": "Upload a household list (.csv or .xlsx) and get its preview; nothing is written yet",
                    "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object", "required": ["file"], "properties": {
                        "file": { "type": "string", "format": "binary" },
                        "source": { "type": "string", "enum": ["tpmap", "thaiqm", "local"], "default": "tpmap" },
                        "year": { "type": "integer", "description": "The list's year in the Buddhist Era" },
                        "mapping": { "type": "string", "description": "JSON: {\"columns\": {\"file header\": \"template field\"}}" }
                    } } } } },
                    "responses": {
                        "200": { "description": "The preview: counts, every rejected row with line, column and reason", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ImportPreview" } } } },
                        "403": error_response("Not a coordinator"),
                        "422": error_response("The file cannot be read or lacks required columns")
                    }
                }
            },
            "/api/v1/imports/{id}": {
                "get": { "summary": "One import's preview or result", "parameters": [id_param.clone()], "responses": { "200": { "description": "The preview" }, "404": error_response("No such import") } }
            },
            "/api/v1/imports/{id}/commit": {
                "post": { "summary": "Write a previewed import in one transaction", "parameters": [id_param.clone()], "responses": { "200": { "description": "The result" }, "422": error_response("Already committed or discarded") } }
            },
            "/api/v1/imports/{id}/discard": {
                "post": { "summary": "Drop a previewed import", "parameters": [id_param.clone()], "responses": { "200": { "description": "Discarded" }, "422": error_response("Already committed or discarded") } }
            },
            "/api/v1/imports/{id}/rejected.csv": {
                "get": { "summary": "The rejected rows with their reasons, to fix and import again", "parameters": [id_param.clone()], "responses": { "200": { "description": "CSV", "content": { "text/csv": {} } } } }
            },
            "/api/v1/merge-candidates": {
                "get": { "summary": "Uncertain matches (same address, different head) waiting for a coordinator; `all=true` for decided ones too", "responses": { "200": { "description": "The list" } } }
            },
            "/api/v1/merge-candidates/{id}/{decision}": {
                "post": {
                    "summary": "Merge the file's household into the known one (`confirm`) or keep it apart as a new household (`reject`); audited",
                    "parameters": [id_param.clone(), { "name": "decision", "in": "path", "required": true, "schema": { "type": "string", "enum": ["confirm", "reject"] } }],
                    "responses": { "200": { "description": "The household it became" }, "422": error_response("Already decided") }
                }
            },
            "/api/v1/problems/{id}/owner": {
                "put": {
                    "summary": "Set (or clear, with null) a problem's owner agency, based on the version last read; audited",
                    "parameters": [id_param.clone()],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["agency_id", "version"], "properties": {
                        "agency_id": { "type": ["integer", "null"] }, "version": { "type": "integer" }
                    } } } } },
                    "responses": {
                        "200": { "description": "The problem's owner and new version" },
                        "403": error_response("Outside the caller's scope or role"),
                        "409": { "description": "Stale version: `current` holds the problem as it stands" },
                        "422": error_response("Unknown agency or malformed body")
                    }
                }
            },
            "/api/v1/problems/owner:bulk": {
                "post": {
                    "summary": "Give many problems one owner (no cap); each is answered on its own",
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["problem_ids", "agency_id"], "properties": {
                        "problem_ids": { "type": "array", "items": { "type": "integer" } }, "agency_id": { "type": ["integer", "null"] }
                    } } } } },
                    "responses": { "200": { "description": "`results`: per problem `ok`, the new owner and version, or the error" }, "422": error_response("No problems or an unknown agency") }
                }
            },
            "/api/v1/problems/{id}/status": {
                "put": {
                    "summary": "Set a problem's status (its owner agency, coordinators, admins), based on the version last read; resolved and cannot-resolve close it; audited",
                    "parameters": [id_param.clone()],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["status", "version"], "properties": {
                        "status": { "type": "string", "enum": ["open", "in_progress", "resolved", "cannot_resolve", "not_applicable"] }, "version": { "type": "integer" }, "note": { "type": "string" }
                    } } } } },
                    "responses": {
                        "200": { "description": "The problem's status and new version" },
                        "403": error_response("Not the owner agency, or outside the caller's scope"),
                        "409": { "description": "Stale version: `current` holds the problem as it stands" },
                        "422": error_response("Unknown status or malformed body")
                    }
                }
            },
            "/api/v1/boards/events": {
                "get": {
                    "summary": "The case boards' live feed (server-sent events): every owner, status and stage change in the caller's scope, each with an increasing `id`. `after` (or the `Last-Event-ID` header on reconnection) replays what was missed; an event named `reset` means too much was missed and the board should reload",
                    "parameters": [{ "name": "after", "in": "query", "required": false, "schema": { "type": "integer" } }],
                    "responses": { "200": { "description": "`text/event-stream`; each `data` is a JSON event: `id`, `at`, `amphoe_code`, `tambon_code`, `change` (`kind`: owner | status | stage, `from`, `to`, `card`)" }, "401": error_response("Not signed in") }
                }
            },
            "/api/v1/visits": {
                "post": {
                    "summary": "Record a visit (outcome met | nobody_home | moved | died | refused, note, position, time). Send the phone's id for the record as `Idempotency-Key`: 201 when stored, 200 with the same record (header `Idempotent-Replayed: true`) when it was already, 422 when the key was used for another record; audited",
                    "parameters": [{ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string" } }],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["household_id", "outcome"], "properties": {
                        "household_id": { "type": "integer" }, "outcome": { "type": "string", "enum": ["met", "nobody_home", "moved", "died", "refused"] },
                        "note": { "type": "string" }, "lat": { "type": "number" }, "lon": { "type": "number" }, "visited_at": { "type": "string", "format": "date-time" }
                    } } } } },
                    "responses": { "201": { "description": "The stored visit" }, "200": { "description": "The visit stored before under this key" }, "403": error_response("Outside the caller's scope, or an executive"), "422": error_response("Bad field, or the key used for another record") }
                }
            },
            "/api/v1/assistance": {
                "post": {
                    "summary": "Record assistance against a household's problem (amounts in satang); `resolved_problem` closes the problem as resolved (announced on the boards). `Idempotency-Key` as for visits",
                    "parameters": [{ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string" } }],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["household_id", "result"], "properties": {
                        "household_id": { "type": "integer" }, "problem_id": { "type": "integer" }, "menu_item_id": { "type": "integer" }, "owner_agency_id": { "type": "integer" },
                        "detail": { "type": "string" }, "done_on": { "type": "string", "format": "date" }, "amount_satang": { "type": "integer" }, "budget_source": { "type": "string" },
                        "in_kind_value_satang": { "type": "integer" }, "result": { "type": "string", "enum": ["done", "in_progress", "cannot_do"] }, "result_reason": { "type": "string" },
                        "resolved_problem": { "type": "boolean" }, "lat": { "type": "number" }, "lon": { "type": "number" },
                        "base_problem_status": { "type": "string", "description": "The problem's status on the officer's copy; a change since is a 409 conflict" },
                        "propose_stage": { "type": "string", "enum": ["survive", "sufficient", "sustainable"], "description": "Checked by the stage rule; moved for roles that move stages, else kept as a proposal" },
                        "base_stage": { "type": "string", "description": "The household's stage on the officer's copy (absent: not assessed)" }
                    } } } } },
                    "responses": { "201": { "description": "The stored record (with `stage_note_th`/`stage_note_en` when a proposed stage did not move)" }, "200": { "description": "The record stored before under this key" }, "403": error_response("Outside the caller's scope, or an executive"), "409": { "description": "Changed on the server since the officer's copy: `conflicts` lists each field with `yours` and `server`; nothing stored" }, "422": error_response("Bad field (e.g. cannot_do without a reason), or the key used for another record") }
                }
            },
            "/api/v1/photos": {
                "post": {
                    "summary": "Upload an evidence photo (multipart: `file`, `household_id`, `kind` before | after | consent_form | other, `consent` none | internal | public, optional `assistance_id`, `visit_id`, `consent_form_id` (required for public)). Checked by content (JPEG, PNG, WebP), at most 8 MB; stored once by content; `Idempotency-Key` as for visits",
                    "parameters": [{ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string" } }],
                    "responses": { "201": { "description": "The stored photo with its `url`" }, "200": { "description": "The photo stored before under this key" }, "403": error_response("Outside the caller's scope, or an executive"), "422": error_response("Not an image, too large, damaged, or a public photo without its consent form") }
                }
            },
            "/api/v1/photos/{id}": {
                "get": {
                    "summary": "A photo's bytes, without location-bearing metadata (EXIF, XMP, comments), for users whose scope holds the household",
                    "parameters": [id_param.clone()],
                    "responses": { "200": { "description": "The image" }, "403": error_response("Outside the caller's scope"), "404": error_response("No such photo") }
                }
            },
            "/api/v1/photo_uploads": {
                "post": {
                    "summary": "Start a resumable photo upload, or ask where it stands. JSON: the fields of `POST /api/v1/photos` (`household_id`, `kind`, `consent`, optional `assistance_id`, `visit_id`, `consent_form_id`) plus `size` (bytes, at most 8 MB) and `sha256` (lower-case hex of the whole photo). `Idempotency-Key` (the photo's client id) is required: the same key gives the same upload and its offset, or the photo once stored. Abandoned uploads (untouched for 2 days) are cleared",
                    "parameters": [{ "name": "Idempotency-Key", "in": "header", "required": true, "schema": { "type": "string" } }],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["household_id", "kind", "consent", "size", "sha256"], "properties": {
                        "household_id": { "type": "integer" }, "assistance_id": { "type": "integer" }, "visit_id": { "type": "integer" }, "consent_form_id": { "type": "integer" },
                        "kind": { "type": "string", "enum": ["before", "after", "consent_form", "other"] }, "consent": { "type": "string", "enum": ["none", "internal", "public"] },
                        "size": { "type": "integer" }, "sha256": { "type": "string" }
                    } } } } },
                    "responses": { "201": { "description": "A new upload: `upload_id`, `offset` (0), `size`; header `Upload-Offset`" }, "200": { "description": "The upload started before under this key (`upload_id`, `offset`, `size`), or the stored photo (with `id` and `url`) when it is finished" }, "403": error_response("Outside the caller's scope, or an executive"), "422": error_response("Bad field, too large, no key, or the key used for another photo") }
                }
            },
            "/api/v1/photo_uploads/{id}": {
                "get": {
                    "summary": "Where an upload stands (also `HEAD`): `upload_id`, `offset`, `size`, `photo_id` and the header `Upload-Offset`; only the user who started it sees it",
                    "parameters": [id_param.clone()],
                    "responses": { "200": { "description": "The upload's progress" }, "404": error_response("No such upload of this user (or cleared)") }
                },
                "patch": {
                    "summary": "Add a chunk (raw bytes, at most 1 MB) at `Upload-Offset`, which must be the bytes received so far. The chunk that completes the photo has it checked whole (size, SHA-256, JPEG/PNG/WebP by content, scope, consent) and stored once",
                    "parameters": [id_param.clone(), { "name": "Upload-Offset", "in": "header", "required": true, "schema": { "type": "integer" } }],
                    "responses": { "200": { "description": "More wanted: the new `offset`" }, "201": { "description": "The last chunk: the stored photo, as `POST /api/v1/photos` answers" }, "404": error_response("No such upload of this user (or cleared): start again"), "409": { "description": "The offset is not the server's: nothing taken; the body's `offset` (and `Upload-Offset`) is where to continue" }, "422": error_response("More bytes than announced, or the whole is not the photo announced, not an image, or refused by the photo rules; the upload is cleared and nothing stored") }
                }
            },
            "/api/v1/households/{id}/stage": {
                "put": {
                    "summary": "Move a household to a stage when the province's stage rule allows it; recorded in the stage history and audited",
                    "parameters": [id_param.clone()],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["stage", "version"], "properties": {
                        "stage": { "type": "string", "enum": ["survive", "sufficient", "sustainable"] }, "version": { "type": "integer" }, "note": { "type": "string" }
                    } } } } },
                    "responses": {
                        "200": { "description": "The household's stage and new version" },
                        "403": error_response("Outside the caller's scope or role"),
                        "409": { "description": "Stale version: `current` holds the household as it stands" },
                        "422": { "description": "The stage rule does not allow it: `reasons` and `reasons_th` name the unsolved problems" }
                    }
                }
            },
            "/api/v1/plans": {
                "get": {
                    "summary": "Visit plans in the caller's scope (their district reaches into it) or with the caller on the team, newest day first; filters `amphoe`, `status` (draft | confirmed | done), `from`, `to` (YYYY-MM-DD), `officer` (user id)",
                    "responses": { "200": { "description": "Plan summaries with stops and stops visited that day" }, "422": error_response("A bad filter, named") }
                },
                "post": {
                    "summary": "Create a draft plan for one district and day (coordinators and admins whose scope covers the district). Stops are ordered for the shortest route from `start` to `end` (back to the start when absent) unless `optimise` is false; every household must be in the district, in scope and have a position; audited",
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["amphoe_code", "visit_date", "start", "household_ids"], "properties": {
                        "amphoe_code": { "type": "string" }, "visit_date": { "type": "string", "format": "date" }, "title": { "type": "string" },
                        "start": { "type": "object", "description": "{label, lat, lon}" }, "end": { "type": "object", "description": "{label, lat, lon}" },
                        "travel": { "type": "object", "description": "{start_minute, speed_kmh, detour_factor, minutes_per_visit}; defaults 08:30, 40 km/h, 1.3, 30 min" },
                        "officer_ids": { "type": "array", "items": { "type": "integer" } }, "household_ids": { "type": "array", "items": { "type": "integer" } },
                        "optimise": { "type": "boolean" }, "carried_from": { "type": "integer" }
                    } } } } },
                    "responses": { "201": { "description": "The plan with its stops, legs and estimated arrivals" }, "403": error_response("Not a planner of the district"), "422": error_response("Bad field, a household outside the district or without a position, more than 200 stops") }
                }
            },
            "/api/v1/plans/{id}": {
                "get": { "summary": "A plan: stops in order with leg distances (straight line × detour factor), estimated arrivals and the visit recorded at each stop that day", "parameters": [id_param.clone()], "responses": { "200": { "description": "The plan" }, "403": error_response("Outside the caller's scope and not on the team"), "404": error_response("No such plan") } },
                "put": { "summary": "Replace a plan (body as for POST plus `version`); reordering the stops is a PUT with `optimise: false`", "parameters": [id_param.clone()], "responses": { "200": { "description": "The plan" }, "409": error_response("Changed by someone else since `version`"), "422": error_response("Bad field, or the plan is done") } },
                "delete": { "summary": "Delete a draft plan", "parameters": [id_param.clone()], "responses": { "204": { "description": "Deleted" }, "422": error_response("Not a draft") } }
            },
            "/api/v1/plans/{id}/status": {
                "put": {
                    "summary": "Move a plan: draft ⇄ confirmed (shared to the team's phones; needs a team) ⇄ done; audited",
                    "parameters": [id_param.clone()],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["status", "version"], "properties": { "status": { "type": "string", "enum": ["draft", "confirmed", "done"] }, "version": { "type": "integer" } } } } } },
                    "responses": { "200": { "description": "The plan" }, "409": error_response("Stale version"), "422": error_response("A move the plan's status does not allow") }
                }
            },
            "/api/v1/plans/{id}/carry_over": {
                "post": {
                    "summary": "A new draft plan on `visit_date` with the stops still to visit (no visit that day, or nobody home), the same team, points and travel settings",
                    "parameters": [id_param.clone()],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["visit_date"], "properties": { "visit_date": { "type": "string", "format": "date" } } } } } },
                    "responses": { "201": { "description": "The new plan" }, "422": error_response("Every stop was visited") }
                }
            },
            "/api/v1/plans/split": {
                "post": {
                    "summary": "Split a selection of households into balanced, compact groups (days × teams), each within `workday_minutes` of travel and visits, each ordered; `groups` absent = as few as fit",
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["start", "household_ids", "workday_minutes"], "properties": {
                        "start": { "type": "object" }, "end": { "type": "object" }, "travel": { "type": "object" }, "household_ids": { "type": "array", "items": { "type": "integer" } },
                        "groups": { "type": "integer" }, "workday_minutes": { "type": "integer" }
                    } } } } },
                    "responses": { "200": { "description": "`groups` (household_ids in order, distance_m, minutes, over_limit) and `without_position`" }, "422": error_response("Bad field") }
                }
            },
            "/api/v1/plans/today": {
                "get": { "summary": "The signed-in officer's confirmed plans for today (Thai time), with stops, arrivals and visits so far", "responses": { "200": { "description": "{date, plans}" } } }
            },
            "/api/v1/stage-rules/{province}": {
                "get": { "summary": "A province's stage rule: for each stage, the levels whose problems must all be solved", "parameters": [{ "name": "province", "in": "path", "required": true, "schema": { "type": "string" } }], "responses": { "200": { "description": "The rule" } } },
                "put": {
                    "summary": "Replace a province's stage rule (admins); audited",
                    "parameters": [{ "name": "province", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "description": "{\"requires\": [[\"sufficient\", [\"survive\"]], …]}" } } } },
                    "responses": { "200": { "description": "The rule as saved" }, "403": error_response("Not an admin"), "422": error_response("A stage requiring its own or a higher level") }
                }
            },
            "/api/v1/map/households": {
                "get": {
                    "summary": "The map's view: clusters (position, count, households per stage and per dimension with a pending problem, extent) and single households (id, position, stage, open dimensions, head) inside a box, in scope",
                    "parameters": [
                        { "name": "bbox", "in": "query", "required": true, "schema": { "type": "string" }, "description": "west,south,east,north in degrees" },
                        { "name": "zoom", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 0, "maximum": 19 } },
                        { "name": "amphoe", "in": "query", "schema": { "type": "string" }, "description": "and every other filter of GET /api/v1/households" }
                    ],
                    "responses": { "200": { "description": "{zoom, total, clusters, households}" }, "422": error_response("An invalid bbox, zoom or filter") }
                }
            },
            "/api/v1/map/households/ids": {
                "get": {
                    "summary": "A box selection: the ids of the filter's households inside a box, in scope",
                    "parameters": [{ "name": "bbox", "in": "query", "required": true, "schema": { "type": "string" } }],
                    "responses": { "200": { "description": "{ids, total}" }, "422": error_response("An invalid bbox or filter") }
                }
            },
            "/api/v1/map/unplaced": {
                "get": {
                    "summary": "The filter's households without a position, 20 per page (`page`), by address",
                    "responses": { "200": { "description": "{items, total, page, per_page}" } }
                }
            },
            "/api/v1/households/{id}/position": {
                "put": {
                    "summary": "Place a household on the map: {\"lat\": 15.1, \"lon\": 104.3}; everyone but executives, in scope; audited",
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                    "responses": { "200": { "description": "{id, lat, lon}" }, "403": error_response("Outside the scope, or an executive"), "422": error_response("Missing or outside Thailand") }
                }
            },
            "/api/v1/district-offices": {
                "get": { "summary": "The district offices (default start points of a visit day) in scope", "responses": { "200": { "description": "[{amphoe_code, name_th, name_en, lat, lon, is_approximate, …}]" } } }
            },
            "/api/v1/district-offices/{amphoe}": {
                "put": {
                    "summary": "Correct a district office: {\"name_th\": …, \"lat\": …, \"lon\": …}; admins and coordinators of that amphoe; audited",
                    "parameters": [{ "name": "amphoe", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": { "200": { "description": "The office as saved" }, "403": error_response("Not allowed"), "422": error_response("Missing name or position outside Thailand") }
                }
            },
            "/api/v1/routes/solve": {
                "post": {
                    "summary": "Order a day's visits: the shortest route from `start` through every stop to `end` (default: back to the start). Exact up to 12 stops, an iterated local search beyond (at most 500 stops) within `time_limit_ms` (default 1000, at most 10000); the same `seed` gives the same order. With `matrix` (metres, index 0 the start, then the stops in the order sent, an optional last row the end; one-way values allowed) coordinates are not used",
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object", "required": ["stops"], "properties": {
                        "start": { "$ref": "#/components/schemas/LatLon" }, "end": { "$ref": "#/components/schemas/LatLon" },
                        "stops": { "type": "array", "maxItems": 500, "items": { "type": "object", "required": ["id"], "properties": {
                            "id": { "type": "string", "description": "Unique within the request" }, "lat": { "type": "number" }, "lon": { "type": "number" }
                        } } },
                        "matrix": { "type": "array", "items": { "type": "array", "items": { "type": "number", "minimum": 0 } }, "description": "(n+1)×(n+1), or (n+2)×(n+2) with the end last" },
                        "time_limit_ms": { "type": "integer", "minimum": 0 }, "seed": { "type": "integer", "minimum": 0 }
                    } } } } },
                    "responses": {
                        "200": { "description": "The order", "content": { "application/json": { "schema": { "type": "object", "required": ["order", "distance_m", "legs", "exact"], "properties": {
                            "order": { "type": "array", "items": { "type": "string" }, "description": "Stop ids in visiting order" },
                            "distance_m": { "type": "number" },
                            "legs": { "type": "array", "items": { "type": "object", "properties": {
                                "from": { "type": "string", "description": "`start` or a stop id" }, "to": { "type": "string", "description": "A stop id or `end`" }, "distance_m": { "type": "number" }
                            } } },
                            "exact": { "type": "boolean", "description": "The order is proven shortest" }
                        } } } } },
                        "401": error_response("Not signed in"),
                        "422": error_response("No stops, more than 500, a duplicate or empty id, coordinates missing or out of range, or a matrix of the wrong size, not square, or with negative entries")
                    }
                }
            },
            "/api/v1/me": {
                "get": {
                    "summary": "The caller: name, role and scope",
                    "responses": {
                        "200": { "description": "The caller", "content": { "application/json": { "schema": { "type": "object" } } } },
                        "401": error_response("Not signed in")
                    }
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "A token from `hakpaeng token create USERNAME`" },
                "session": { "type": "apiKey", "in": "cookie", "name": "hakpaeng_session" }
            },
            "schemas": {
                "LatLon": {
                    "type": "object",
                    "required": ["lat", "lon"],
                    "properties": { "lat": { "type": "number", "minimum": -90, "maximum": 90 }, "lon": { "type": "number", "minimum": -180, "maximum": 180 } }
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": { "type": "object", "required": ["code", "message", "message_th"], "properties": {
                        "code": { "type": "string", "enum": ["unauthenticated", "forbidden", "not_found", "invalid", "conflict", "stage_rule", "internal"] },
                        "message": { "type": "string" },
                        "message_th": { "type": "string" }
                    } } }
                },
                "HouseholdPage": {
                    "type": "object",
                    "required": ["items", "total", "page", "per_page"],
                    "properties": {
                        "items": { "type": "array", "items": { "$ref": "#/components/schemas/HouseholdListItem" } },
                        "total": { "type": "integer", "description": "Households matching the filter, all pages" },
                        "page": { "type": "integer" },
                        "per_page": { "type": "integer" }
                    }
                },
                "HouseholdListItem": {
                    "type": "object",
                    "required": ["id", "tambon_code", "amphoe_code", "members", "pending", "unowned", "is_synthetic"],
                    "properties": {
                        "id": { "type": "integer" },
                        "house_no": { "type": ["string", "null"] },
                        "moo": { "type": ["integer", "null"] },
                        "village_name": { "type": ["string", "null"] },
                        "tambon_code": { "type": "string" },
                        "amphoe_code": { "type": "string" },
                        "head_name": { "type": ["string", "null"] },
                        "head_citizen_id_masked": { "type": ["string", "null"], "description": "x-xxxx-xxxxx-34-5" },
                        "stage": { "type": ["string", "null"], "enum": [ "survive", "sufficient", "sustainable", null ] },
                        "members": { "type": "integer" },
                        "pending": { "type": "array", "items": { "type": "integer" }, "description": "Pending problems per dimension: health, living, education, income, access" },
                        "unowned": { "type": "integer", "description": "Pending problems without an owner agency" },
                        "is_synthetic": { "type": "boolean", "description": "Demo data, not a real household" }
                    }
                },
                "ImportPreview": {
                    "type": "object",
                    "required": ["import_id", "file_name", "format", "counts", "errors", "warnings", "status"],
                    "properties": {
                        "import_id": { "type": "integer" },
                        "format": { "type": "string", "description": "e.g. CSV, windows-874, comma" },
                        "counts": { "type": "object", "properties": {
                            "rows_total": { "type": "integer" }, "rows_rejected": { "type": "integer" },
                            "households_new": { "type": "integer" }, "households_updated": { "type": "integer" },
                            "households_unchanged": { "type": "integer" }, "households_uncertain": { "type": "integer" },
                            "members_new": { "type": "integer" }, "problems_new": { "type": "integer" }
                        } },
                        "errors": { "type": "array", "items": { "type": "object", "properties": {
                            "line": { "type": "integer" }, "column": { "type": "string" }, "th": { "type": "string" }, "en": { "type": "string" }
                        } } },
                        "already_committed": { "type": "boolean" },
                        "status": { "type": "string", "enum": ["previewed", "committed", "discarded"] }
                    }
                },
                "CaseFile": {
                    "type": "object",
                    "required": ["household", "members", "problems", "assistance", "stage_history", "indicators", "sources"],
                    "properties": {
                        "household": { "type": "object" },
                        "sources": { "type": "array", "items": { "type": "object" } },
                        "members": { "type": "array", "items": { "type": "object", "description": "Citizen ids are masked" } },
                        "indicators": { "type": "array", "items": { "type": "object" } },
                        "problems": { "type": "array", "items": { "type": "object", "properties": {
                            "indicator_code": { "type": "string" }, "dimension": { "type": "string", "enum": dims },
                            "status": { "type": "string" }, "owner_agency_id": { "type": ["integer", "null"] }, "version": { "type": "integer" }
                        } } },
                        "assistance": { "type": "array", "items": { "type": "object" } },
                        "stage_history": { "type": "array", "items": { "type": "object", "properties": {
                            "from_stage": { "enum": [ "survive", "sufficient", "sustainable", null ] },
                            "to_stage": { "enum": stages }
                        } } }
                    }
                }
            }
        }
    })
}

pub async fn document() -> Json<Value> {
    Json(spec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_every_route() {
        let spec = spec();
        let paths = spec["paths"].as_object().expect("paths");
        for p in super::super::PATHS {
            assert!(paths.contains_key(p), "{p} is not documented");
        }
        assert_eq!(paths.len(), super::super::PATHS.len(), "a documented path has no route");
    }
}
