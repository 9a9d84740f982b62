//! Resumable photo uploads, the rules both ends share: the start request (the photo's fields,
//! its size and SHA-256), the server's progress answer, and on the phone which request comes
//! next after each answer (the next 64 KB chunk from the server's offset, ask again, or done).
//! A broken send resumes from the bytes the server already has. Pure: the browser does the
//! sending, the server keeps the chunks.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::field::{MediaConsent, PhotoKind};
use super::outbox::{classify, Answer};
use crate::i18n::Lang;

/// The size of the chunks the phone sends: small enough to get through a weak 4G signal
/// between two drops, large enough not to spend the photo on request headers.
pub const CHUNK_BYTES: i64 = 64 * 1024;

/// The largest chunk the server takes in one request.
pub const MAX_CHUNK_BYTES: usize = 1024 * 1024;

/// `POST /api/v1/photo_uploads`: the multipart form's fields, plus the whole photo's size
/// and the SHA-256 (lower-case hex) of its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadStart {
    pub household_id: i64,
    #[serde(default)]
    pub assistance_id: Option<i64>,
    #[serde(default)]
    pub visit_id: Option<i64>,
    pub kind: PhotoKind,
    pub consent: MediaConsent,
    #[serde(default)]
    pub consent_form_id: Option<i64>,
    pub size: i64,
    pub sha256: String,
}

/// Where an upload stands: the server's answer to a start, a chunk, or a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadProgress {
    pub upload_id: i64,
    /// Bytes received so far: where the next chunk starts.
    pub offset: i64,
    pub size: i64,
    /// The stored photo, once the whole arrived and passed the checks.
    #[serde(default)]
    pub photo_id: Option<i64>,
}

/// Whether `s` is a SHA-256 in lower-case hex.
pub fn valid_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The start request from a photo's form fields (as the outbox keeps them); `None` when a
/// field the server needs is missing or unreadable.
pub fn start_request(fields: &[(String, String)], size: i64, sha256: &str) -> Option<UploadStart> {
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
    let number = |name: &str| -> Option<Option<i64>> {
        match get(name) {
            None | Some("") => Some(None),
            Some(v) => v.parse().ok().map(Some),
        }
    };
    Some(UploadStart {
        household_id: number("household_id")??,
        assistance_id: number("assistance_id")?,
        visit_id: number("visit_id")?,
        kind: PhotoKind::parse(get("kind")?)?,
        consent: MediaConsent::parse(get("consent")?)?,
        consent_form_id: number("consent_form_id")?,
        size,
        sha256: sha256.to_string(),
    })
}

/// The request after an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `PATCH /api/v1/photo_uploads/{upload_id}` with the bytes `start..end` of the photo.
    Send { upload_id: i64, start: i64, end: i64 },
    /// `POST /api/v1/photo_uploads` (again): the server says where the upload stands, and
    /// finishes one whose bytes have all arrived, or starts over one it no longer has.
    Ask,
    /// The upload is over, one way or another.
    Done(Answer),
}

/// One attempt at sending a photo: reads each answer and says what to send next, within a
/// budget, so a server that never moves on cannot keep the phone sending forever.
#[derive(Debug, Clone)]
pub struct Upload {
    size: i64,
    asks: u32,
    requests: u32,
}

/// Starts (and asks) in one attempt: the first, one after an upload the server lost, one spare.
const MAX_ASKS: u32 = 3;

impl Upload {
    /// An attempt at a photo of `size` bytes; the first request is [`Step::Ask`].
    pub fn new(size: i64) -> Self {
        Upload { size, asks: 1, requests: 0 }
    }

    /// The most chunk requests one attempt may take: each chunk once, and a few realignments.
    fn max_requests(&self) -> u32 {
        let chunks = u64::try_from(self.size).unwrap_or(0).div_ceil(CHUNK_BYTES.unsigned_abs());
        u32::try_from(chunks).unwrap_or(u32::MAX).saturating_add(4)
    }

    fn given_up(lang: Lang) -> Step {
        Step::Done(Answer::Failed(
            lang.t(
                "เซิร์ฟเวอร์ไม่รับส่วนของรูปต่อ จะลองใหม่ภายหลัง",
                "The server did not take the photo's next part; will try later",
            )
            .to_string(),
        ))
    }

    fn ask(&mut self, lang: Lang) -> Step {
        self.asks += 1;
        if self.asks > MAX_ASKS {
            return Self::given_up(lang);
        }
        Step::Ask
    }

    /// The chunk from the server's `offset`, or ask when there is nothing left to send.
    fn continue_at(&mut self, upload_id: i64, offset: i64, lang: Lang) -> Step {
        if offset < 0 || offset > self.size {
            return Step::Done(Answer::Failed(format!("offset {offset} of {}", self.size)));
        }
        if offset == self.size {
            // Everything arrived but the photo is not stored yet: asking finishes it.
            return self.ask(lang);
        }
        self.requests += 1;
        if self.requests > self.max_requests() {
            return Self::given_up(lang);
        }
        Step::Send { upload_id, start: offset, end: (offset + CHUNK_BYTES).min(self.size) }
    }

    /// What the server's answer (`status`, JSON `body`) to the last request means.
    pub fn read(&mut self, status: u16, body: &Value, lang: Lang) -> Step {
        let progress = || serde_json::from_value::<UploadProgress>(body.clone()).ok();
        match status {
            // The stored photo (the same JSON as `POST /api/v1/photos`).
            200 | 201 if body["id"].is_i64() => Step::Done(classify(status, body, lang)),
            200 | 201 => match progress() {
                Some(p) => self.continue_at(p.upload_id, p.offset, lang),
                None => Step::Done(Answer::Failed(format!("HTTP {status}"))),
            },
            // The server has other bytes than the phone thought: go on from the server's.
            409 => match progress() {
                Some(p) => self.continue_at(p.upload_id, p.offset, lang),
                None => Step::Done(classify(status, body, lang)),
            },
            // The upload is gone (abandoned too long and cleared): start it again.
            404 => self.ask(lang),
            _ => Step::Done(classify(status, body, lang)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn progress(id: i64, offset: i64, size: i64) -> Value {
        json!({"upload_id": id, "offset": offset, "size": size, "photo_id": null})
    }

    #[test]
    fn chunks_go_from_the_servers_offset_to_the_end() {
        let size = 2 * CHUNK_BYTES + 100;
        let mut u = Upload::new(size);
        assert_eq!(
            u.read(201, &progress(5, 0, size), Lang::Th),
            Step::Send { upload_id: 5, start: 0, end: CHUNK_BYTES }
        );
        let next = u.read(200, &progress(5, CHUNK_BYTES, size), Lang::Th);
        assert_eq!(next, Step::Send { upload_id: 5, start: CHUNK_BYTES, end: 2 * CHUNK_BYTES });
        let last = u.read(200, &progress(5, 2 * CHUNK_BYTES, size), Lang::Th);
        assert_eq!(last, Step::Send { upload_id: 5, start: 2 * CHUNK_BYTES, end: size });
        let photo = json!({"id": 41, "url": "/api/v1/photos/41"});
        assert_eq!(u.read(201, &photo, Lang::Th), Step::Done(Answer::Stored { record_id: 41, note: None }));
    }

    #[test]
    fn a_resumed_upload_sends_only_the_rest() {
        // The server already has 1.5 chunks (an earlier send broke in the middle).
        let size = 3 * CHUNK_BYTES;
        let mut u = Upload::new(size);
        let had = CHUNK_BYTES + CHUNK_BYTES / 2;
        assert_eq!(
            u.read(200, &progress(9, had, size), Lang::En),
            Step::Send { upload_id: 9, start: had, end: had + CHUNK_BYTES }
        );
        // A photo finished before: nothing is sent at all.
        let mut u = Upload::new(size);
        assert_eq!(u.read(200, &json!({"id": 3}), Lang::En), Step::Done(Answer::Stored { record_id: 3, note: None }));
    }

    #[test]
    fn a_wrong_offset_realigns_and_a_lost_upload_starts_again() {
        let size = 4 * CHUNK_BYTES;
        let mut u = Upload::new(size);
        let mut conflict = progress(2, 2 * CHUNK_BYTES, size);
        conflict["error"] = json!({"message": "offset", "message_th": "ตำแหน่ง"});
        assert_eq!(
            u.read(409, &conflict, Lang::Th),
            Step::Send { upload_id: 2, start: 2 * CHUNK_BYTES, end: 3 * CHUNK_BYTES }
        );
        assert_eq!(u.read(404, &Value::Null, Lang::Th), Step::Ask);
        // All bytes there but no photo yet: ask, which finishes it.
        assert_eq!(u.read(409, &progress(2, size, size), Lang::Th), Step::Ask);
        // A server that keeps losing the upload is given up on for this round.
        assert!(matches!(u.read(404, &Value::Null, Lang::Th), Step::Done(Answer::Failed(_))));
    }

    #[test]
    fn refusals_and_failures_end_the_attempt() {
        let mut u = Upload::new(10);
        let refused = json!({"error": {"message": "Not an image", "message_th": "ไม่ใช่ภาพ"}});
        assert_eq!(u.read(422, &refused, Lang::Th), Step::Done(Answer::Refused("ไม่ใช่ภาพ".into())));
        assert_eq!(u.read(401, &Value::Null, Lang::Th), Step::Done(Answer::SignedOut));
        assert!(matches!(u.read(503, &Value::Null, Lang::Th), Step::Done(Answer::Failed(_))));
        assert!(matches!(
            u.read(200, &json!({"upload_id": 1, "offset": 11, "size": 10}), Lang::Th),
            Step::Done(Answer::Failed(_))
        ));
        assert!(matches!(u.read(200, &json!({"nothing": true}), Lang::Th), Step::Done(Answer::Failed(_))));
    }

    #[test]
    fn a_server_that_never_moves_on_is_given_up() {
        let size = CHUNK_BYTES;
        let mut u = Upload::new(size);
        let mut last = Step::Ask;
        for _ in 0..20 {
            last = u.read(200, &progress(1, 0, size), Lang::En);
            if matches!(last, Step::Done(_)) {
                break;
            }
        }
        assert!(matches!(last, Step::Done(Answer::Failed(_))), "{last:?}");
    }

    #[test]
    fn the_start_request_comes_from_the_photos_fields() {
        let fields: Vec<(String, String)> =
            [("household_id", "7"), ("kind", "before"), ("consent", "internal"), ("assistance_id", "40")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let start = start_request(&fields, 1234, SHA).expect("complete");
        assert_eq!((start.household_id, start.assistance_id, start.visit_id), (7, Some(40), None));
        assert_eq!((start.kind, start.consent, start.size), (PhotoKind::Before, MediaConsent::Internal, 1234));
        let json = serde_json::to_value(&start).expect("json");
        assert_eq!(json["kind"], "before");
        assert_eq!(serde_json::from_value::<UploadStart>(json).expect("back"), start);
        assert!(start_request(&fields[1..], 1234, SHA).is_none(), "no household");
        let mut bad = fields.clone();
        bad[1].1 = "selfie".into();
        assert!(start_request(&bad, 1234, SHA).is_none());
        assert!(valid_sha256(SHA) && !valid_sha256(&SHA.to_uppercase()) && !valid_sha256("abc"));
    }
}
