//! The phone's outbox: records made in the field wait here until the server has confirmed them.
//! Which item goes next (oldest first; a photo after the record it belongs to; one that needs
//! attention never holds up the others) and what each answer does to an item. Pure: the
//! browser keeps the items in IndexedDB and does the sending.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::field_conflict::{apply_choice, Choice, FieldConflict};
use super::text_enum::text_enum;
use crate::i18n::Lang;

text_enum! {
    /// What an item records.
    pub enum OutboxKind {
        Visit = "visit", "การเยี่ยมบ้าน", "Visit";
        Assistance = "assistance", "การช่วยเหลือ", "Assistance";
        Photo = "photo", "รูปถ่าย", "Photo";
    }
}

text_enum! {
    /// Where an item stands.
    pub enum OutboxState {
        Waiting = "waiting", "รอส่ง", "Waiting";
        Sending = "sending", "กำลังส่ง", "Sending";
        Sent = "sent", "ส่งแล้ว", "Sent";
        NeedsAttention = "needs_attention", "ต้องตรวจสอบ", "Needs attention";
    }
}

/// Failed sends after which a server error stops being retried on its own.
pub const MAX_ATTEMPTS: u32 = 5;

/// One record on its way to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// Made on the phone; the `Idempotency-Key` of every send of this item.
    pub client_id: String,
    pub kind: OutboxKind,
    pub household_id: i64,
    /// Who the record is about, for the list ("นายสมชาย ใจดี").
    pub household_label: String,
    /// What it is, in a few words ("พบครัวเรือน", "ก่อนช่วยเหลือ").
    pub summary: String,
    /// When it was made (milliseconds since 1970): the sending order.
    pub created_ms: f64,
    pub state: OutboxState,
    /// The JSON sent (visits and assistance), or the photo's form fields.
    pub body: Value,
    /// The assistance a photo belongs to (its client id).
    #[serde(default)]
    pub parent: Option<String>,
    /// The signed consent form a public photo refers to (its client id).
    #[serde(default)]
    pub consent_form: Option<String>,
    /// Why it needs attention, or the last failure, in the officer's language.
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub conflicts: Vec<FieldConflict>,
    /// The server's id once sent.
    #[serde(default)]
    pub record_id: Option<i64>,
    #[serde(default)]
    pub attempts: u32,
}

impl OutboxItem {
    /// A record just made on the phone, waiting to be sent; `created_ms` orders the sending.
    pub fn new(
        client_id: String,
        kind: OutboxKind,
        household_id: i64,
        household_label: String,
        summary: String,
        created_ms: f64,
        body: Value,
    ) -> Self {
        OutboxItem {
            client_id,
            kind,
            household_id,
            household_label,
            summary,
            created_ms,
            state: OutboxState::Waiting,
            body,
            parent: None,
            consent_form: None,
            message: None,
            conflicts: vec![],
            record_id: None,
            attempts: 0,
        }
    }
}

/// How the server answered one send (or did not).
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// 201, or 200 for a record stored before (a retry): its id, and a note to show.
    Stored { record_id: i64, note: Option<String> },
    /// 409: changed on the server since the officer's copy.
    Conflict { conflicts: Vec<FieldConflict>, message: String },
    /// 4xx: the record cannot be stored as it is.
    Refused(String),
    /// 5xx: the server failed; try again later.
    Failed(String),
    /// No connection: stop this round, try when the network is back.
    Unreachable,
    /// 401: the session ended; sign in again, then it goes.
    SignedOut,
}

impl Answer {
    /// Whether the round of sending stops here (nothing else can get through either).
    pub fn stops_round(&self) -> bool {
        matches!(self, Answer::Unreachable | Answer::SignedOut)
    }
}

/// Reads the server's answer (`status`, JSON `body`) to one send, in the officer's language.
pub fn classify(status: u16, body: &Value, lang: Lang) -> Answer {
    let message = || {
        let key = match lang {
            Lang::Th => "message_th",
            Lang::En => "message",
        };
        body["error"][key].as_str().map(str::to_string).unwrap_or_else(|| format!("HTTP {status}"))
    };
    match status {
        200 | 201 => match body["id"].as_i64() {
            Some(record_id) => {
                let note_key = match lang {
                    Lang::Th => "stage_note_th",
                    Lang::En => "stage_note_en",
                };
                Answer::Stored { record_id, note: body[note_key].as_str().map(str::to_string) }
            }
            None => Answer::Failed(message()),
        },
        401 => Answer::SignedOut,
        409 => match serde_json::from_value::<Vec<FieldConflict>>(body["conflicts"].clone()) {
            Ok(conflicts) if !conflicts.is_empty() => Answer::Conflict { conflicts, message: message() },
            _ => Answer::Refused(message()),
        },
        400..=499 => Answer::Refused(message()),
        _ => Answer::Failed(message()),
    }
}

/// The item with a stale "sending" (the tab closed mid-send) is simply waiting again: the
/// server keeps the first copy if it did arrive.
pub fn recover(items: &mut [OutboxItem]) {
    for i in items.iter_mut().filter(|i| i.state == OutboxState::Sending) {
        i.state = OutboxState::Waiting;
    }
}

fn state_of(items: &[OutboxItem], client_id: &str) -> Option<OutboxState> {
    items.iter().find(|i| i.client_id == client_id).map(|i| i.state)
}

/// Whether everything `item` refers to has been stored (a photo after its assistance and its
/// consent form). A reference that is no longer in the outbox was sent and cleared.
fn ready(items: &[OutboxItem], item: &OutboxItem) -> bool {
    [&item.parent, &item.consent_form]
        .into_iter()
        .flatten()
        .all(|id| matches!(state_of(items, id), Some(OutboxState::Sent) | None))
}

/// The index of the next item to send: the oldest waiting one that is ready and not in `skip`
/// (those that failed this round).
pub fn next_to_send(items: &[OutboxItem], skip: &[String]) -> Option<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.state == OutboxState::Waiting && !skip.contains(&i.client_id) && ready(items, i))
        .min_by(|(_, a), (_, b)| a.created_ms.total_cmp(&b.created_ms))
        .map(|(n, _)| n)
}

/// A photo's form fields with its references turned into the server's ids; `None` while a
/// reference has no id yet.
pub fn photo_fields(items: &[OutboxItem], item: &OutboxItem) -> Option<Vec<(String, String)>> {
    let record = |id: &Option<String>| -> Option<Option<i64>> {
        match id {
            None => Some(None),
            Some(id) => match items.iter().find(|i| &i.client_id == id) {
                Some(i) => i.record_id.map(Some),
                None => Some(None),
            },
        }
    };
    let mut fields: Vec<(String, String)> = item
        .body
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k.clone(), s.clone())),
                    Value::Number(n) => Some((k.clone(), n.to_string())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(id) = record(&item.parent)? {
        fields.push(("assistance_id".into(), id.to_string()));
    }
    if let Some(id) = record(&item.consent_form)? {
        fields.push(("consent_form_id".into(), id.to_string()));
    }
    Some(fields)
}

/// What `answer` does to `item`.
pub fn settle(item: &mut OutboxItem, answer: Answer) {
    match answer {
        Answer::Stored { record_id, note } => {
            item.state = OutboxState::Sent;
            item.record_id = Some(record_id);
            item.message = note;
            item.conflicts.clear();
        }
        Answer::Conflict { conflicts, message } => {
            item.state = OutboxState::NeedsAttention;
            item.conflicts = conflicts;
            item.message = Some(message);
        }
        Answer::Refused(message) => {
            item.state = OutboxState::NeedsAttention;
            item.message = Some(message);
        }
        Answer::Failed(message) => {
            item.attempts += 1;
            item.state = if item.attempts >= MAX_ATTEMPTS { OutboxState::NeedsAttention } else { OutboxState::Waiting };
            item.message = Some(message);
        }
        Answer::Unreachable | Answer::SignedOut => item.state = OutboxState::Waiting,
    }
}

/// The officer's choice on an item held for a conflict: the record goes again with it.
pub fn choose(item: &mut OutboxItem, choice: Choice) {
    apply_choice(&mut item.body, &item.conflicts, choice);
    item.conflicts.clear();
    item.message = None;
    item.attempts = 0;
    item.state = OutboxState::Waiting;
}

/// Send an item that needed attention once more, as it is (after a fix elsewhere, such as a
/// new sign-in or a restored connection).
pub fn retry(item: &mut OutboxItem) {
    item.state = OutboxState::Waiting;
    item.attempts = 0;
}

/// Items not yet confirmed by the server.
pub fn unsent(items: &[OutboxItem]) -> usize {
    items.iter().filter(|i| i.state != OutboxState::Sent).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::field_conflict::problem_status_conflict;
    use crate::domain::problem::ProblemStatus;
    use serde_json::json;

    fn item(id: &str, kind: OutboxKind, at: f64) -> OutboxItem {
        OutboxItem::new(id.into(), kind, 7, "นายสมชาย ใจดี".into(), String::new(), at, json!({"household_id": 7}))
    }

    #[test]
    fn oldest_first_and_photos_after_their_record() {
        let mut photo = item("photo-1", OutboxKind::Photo, 1.0);
        photo.parent = Some("assist-1".into());
        let items = vec![item("visit-2", OutboxKind::Visit, 3.0), photo, item("assist-1", OutboxKind::Assistance, 2.0)];
        // The photo is oldest but waits for its assistance.
        assert_eq!(next_to_send(&items, &[]), Some(2));
        assert_eq!(photo_fields(&items, &items[1]), None, "no id for the assistance yet");
        let mut items = items;
        settle(&mut items[2], Answer::Stored { record_id: 40, note: None });
        assert_eq!(next_to_send(&items, &[]), Some(1));
        let fields = photo_fields(&items, &items[1]).expect("ready");
        assert!(fields.contains(&("assistance_id".into(), "40".into())));
        assert!(fields.contains(&("household_id".into(), "7".into())));
    }

    #[test]
    fn one_bad_item_never_blocks_the_rest() {
        let mut items = vec![item("a", OutboxKind::Visit, 1.0), item("b", OutboxKind::Visit, 2.0)];
        settle(&mut items[0], Answer::Refused("อยู่นอกพื้นที่".into()));
        assert_eq!(items[0].state, OutboxState::NeedsAttention);
        assert_eq!(next_to_send(&items, &[]), Some(1));
        // A server failure is retried later, but this round goes on with the next item.
        let mut items = vec![item("a", OutboxKind::Visit, 1.0), item("b", OutboxKind::Visit, 2.0)];
        settle(&mut items[0], Answer::Failed("500".into()));
        assert_eq!(items[0].state, OutboxState::Waiting);
        assert_eq!(next_to_send(&items, &["a".into()]), Some(1));
        for _ in 1..MAX_ATTEMPTS {
            settle(&mut items[0], Answer::Failed("500".into()));
        }
        assert_eq!(items[0].state, OutboxState::NeedsAttention);
        // A photo whose assistance needs attention waits; others still go.
        let mut photo = item("p", OutboxKind::Photo, 0.5);
        photo.parent = Some("a".into());
        items.push(photo);
        assert_eq!(next_to_send(&items, &[]), Some(1));
    }

    #[test]
    fn no_connection_stops_the_round_and_keeps_the_item_waiting() {
        let mut i = item("a", OutboxKind::Visit, 1.0);
        i.state = OutboxState::Sending;
        assert!(Answer::Unreachable.stops_round() && Answer::SignedOut.stops_round());
        assert!(!Answer::Failed(String::new()).stops_round());
        settle(&mut i, Answer::Unreachable);
        assert_eq!((i.state, i.attempts), (OutboxState::Waiting, 0));
        let mut items = vec![i];
        items[0].state = OutboxState::Sending;
        recover(&mut items);
        assert_eq!(items[0].state, OutboxState::Waiting);
    }

    #[test]
    fn a_conflict_waits_for_a_choice_then_goes_again() {
        let mut i = item("a", OutboxKind::Assistance, 1.0);
        i.body = json!({"household_id": 7, "resolved_problem": true, "base_problem_status": "open"});
        let c = problem_status_conflict(ProblemStatus::Open, ProblemStatus::CannotResolve).expect("valid");
        settle(&mut i, Answer::Conflict { conflicts: vec![c], message: "changed".into() });
        assert_eq!(i.state, OutboxState::NeedsAttention);
        assert_eq!(next_to_send(std::slice::from_ref(&i), &[]), None);
        choose(&mut i, Choice::Mine);
        assert_eq!(i.state, OutboxState::Waiting);
        assert_eq!(i.body["base_problem_status"], "cannot_resolve");
        assert!(i.conflicts.is_empty());
        assert_eq!(unsent(std::slice::from_ref(&i)), 1);
    }

    #[test]
    fn answers_are_read_from_status_and_body() {
        let stored = classify(201, &json!({"id": 9, "stage_note_th": "เสนอแล้ว"}), Lang::Th);
        assert_eq!(stored, Answer::Stored { record_id: 9, note: Some("เสนอแล้ว".into()) });
        assert_eq!(classify(200, &json!({"id": 9}), Lang::En), Answer::Stored { record_id: 9, note: None });
        let err = json!({"error": {"message": "Outside your area", "message_th": "นอกพื้นที่"}});
        assert_eq!(classify(403, &err, Lang::Th), Answer::Refused("นอกพื้นที่".into()));
        assert_eq!(classify(401, &err, Lang::Th), Answer::SignedOut);
        assert_eq!(classify(503, &Value::Null, Lang::En), Answer::Failed("HTTP 503".into()));
        let conflict = json!({"error": {"message_th": "เปลี่ยนแล้ว"},
            "conflicts": [{"field": "problem_status", "yours": "resolved", "server": "cannot_resolve"}]});
        match classify(409, &conflict, Lang::Th) {
            Answer::Conflict { conflicts, message } => {
                assert_eq!(message, "เปลี่ยนแล้ว");
                assert_eq!(conflicts[0].server.as_deref(), Some("cannot_resolve"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn items_survive_a_round_trip_through_json() {
        let i = item("a", OutboxKind::Photo, 1.5);
        let text = serde_json::to_string(&i).expect("valid");
        assert_eq!(serde_json::from_str::<OutboxItem>(&text).expect("valid"), i);
    }
}
