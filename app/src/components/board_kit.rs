//! The pieces every board shares around its columns: the message line after a move, the
//! live-feed badge and the screen-reader announcements of keyboard moves.
use leptos::prelude::*;

use crate::app::use_lang;

/// What the last move came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Done(String),
    /// Someone else moved it first: the card shows where it really is.
    Conflict(String),
    Refused(String),
}

impl Notice {
    fn class(&self) -> &'static str {
        match self {
            Notice::Done(_) => "board-notice ok-box",
            Notice::Conflict(_) => "board-notice warn-box",
            Notice::Refused(_) => "board-notice error-box",
        }
    }

    fn text(&self) -> &str {
        match self {
            Notice::Done(t) | Notice::Conflict(t) | Notice::Refused(t) => t,
        }
    }
}

/// The message line (empty until a move happens) and the keyboard announcements.
#[component]
pub fn BoardNotices(notice: RwSignal<Option<Notice>>, announcement: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="board-notices">
            {move || notice.get().map(|n| view! {
                <p class=n.class() role="status" data-testid="board-notice">{n.text().to_string()}</p>
            })}
        </div>
        <p class="visually-hidden" aria-live="assertive" data-testid="board-announcement">{move || announcement.get()}</p>
    }
}

/// "สด" (live) while the feed is connected, "กำลังเชื่อมต่อ…" otherwise.
#[component]
pub fn LiveBadge(live: RwSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="live-badge" class:on=move || live.get() data-testid="live-status"
            data-live=move || if live.get() { "yes" } else { "no" }>
            {move || if live.get() {
                lang.t("● อัปเดตสด", "● Live")
            } else {
                lang.t("○ กำลังเชื่อมต่อ…", "○ Connecting…")
            }}
        </span>
    }
}
