//! Dragging a board card onto a column with a mouse, a finger (pointer events: HTML5 drag and
//! drop does not fire on phones) or the keyboard (Enter picks up, arrows choose, Enter drops,
//! Escape cancels). Cards carry a handle button; columns carry `data-drop="<key>"`.
use leptos::prelude::*;

use crate::i18n::Lang;

/// How far a pointer travels before a press becomes a drag (CSS pixels).
const THRESHOLD: f64 = 6.0;
/// How close to an edge the pointer scrolls the lanes or the page while dragging.
const EDGE: f64 = 48.0;

/// A card being dragged.
#[derive(Debug, Clone, PartialEq)]
pub struct Drag {
    pub id: i64,
    /// The column key it started in.
    pub from: String,
    /// The column under it now.
    pub over: Option<String>,
    /// Where the pointer is (viewport pixels): the ghost card follows it.
    pub x: f64,
    pub y: f64,
    /// What the ghost card says.
    pub label: String,
    /// Moved by the keyboard (no offset shown, the column is highlighted).
    pub keyboard: bool,
    /// Past the threshold: a real drag, not a tap.
    pub active: bool,
    start: (f64, f64),
}

/// A board's drag state and what a drop does.
#[derive(Clone, Copy)]
pub struct DragCtl {
    pub state: RwSignal<Option<Drag>>,
    /// The column keys in order, with their names for announcements.
    columns: StoredValue<Vec<(String, String)>>,
    /// What screen readers hear (an `aria-live` region shows it).
    pub announcement: RwSignal<String>,
    on_drop: Callback<(i64, String)>,
    lang: Lang,
}

impl DragCtl {
    pub fn new(columns: Vec<(String, String)>, lang: Lang, on_drop: Callback<(i64, String)>) -> Self {
        DragCtl {
            state: RwSignal::new(None),
            columns: StoredValue::new(columns),
            announcement: RwSignal::new(String::new()),
            on_drop,
            lang,
        }
    }

    fn name(&self, key: &str) -> String {
        self.columns.with_value(|c| c.iter().find(|(k, _)| k == key).map(|(_, n)| n.clone()).unwrap_or_default())
    }

    /// The column `step` away from `key` (clamped at the ends).
    fn step(&self, key: &str, step: isize) -> Option<String> {
        self.columns.with_value(|c| {
            let at = c.iter().position(|(k, _)| k == key)? as isize + step;
            c.get(at.clamp(0, c.len() as isize - 1) as usize).map(|(k, _)| k.clone())
        })
    }

    /// Whether card `id` is under a pointer drag now (for its offset and look).
    pub fn dragging(&self, id: i64) -> bool {
        self.state.with(|d| d.as_ref().is_some_and(|d| d.id == id && d.active))
    }

    /// The ghost card under the pointer: (x, y, label) while a pointer drags.
    pub fn ghost(&self) -> Option<(f64, f64, String)> {
        self.state.with(|d| d.as_ref().filter(|d| d.active && !d.keyboard).map(|d| (d.x, d.y, d.label.clone())))
    }

    /// Whether column `key` is the one a card would drop on.
    pub fn over(&self, key: &str) -> bool {
        self.state.with(|d| d.as_ref().is_some_and(|d| d.active && d.over.as_deref() == Some(key)))
    }

    fn finish(&self) {
        let Some(d) = self.state.get_untracked() else { return };
        self.state.set(None);
        match d.over {
            Some(to) if d.active && to != d.from => {
                self.on_drop.run((d.id, to));
            }
            _ if d.active => self.announcement.set(self.lang.t("ยกเลิกการย้าย", "Move cancelled").to_string()),
            _ => {}
        }
    }

    pub fn pointer_down(&self, ev: &leptos::ev::PointerEvent, id: i64, from: &str, label: &str) {
        if ev.button() != 0 || self.state.with_untracked(|d| d.as_ref().is_some_and(|d| d.keyboard)) {
            return;
        }
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(target) =
            ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        self.state.set(Some(Drag {
            id,
            from: from.to_string(),
            over: Some(from.to_string()),
            x,
            y,
            label: label.to_string(),
            keyboard: false,
            active: false,
            start: (x, y),
        }));
    }

    pub fn pointer_move(&self, ev: &leptos::ev::PointerEvent) {
        let Some(mut d) = self.state.get_untracked().filter(|d| !d.keyboard) else { return };
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        (d.x, d.y) = (x, y);
        if !d.active && ((x - d.start.0).abs() > THRESHOLD || (y - d.start.1).abs() > THRESHOLD) {
            d.active = true;
        }
        if d.active {
            ev.prevent_default();
            d.over = column_at(x, y);
            auto_scroll(x, y);
        }
        self.state.set(Some(d));
    }

    pub fn pointer_up(&self, ev: &leptos::ev::PointerEvent) {
        if self.state.with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard)) {
            if let Some(mut d) = self.state.get_untracked() {
                if d.active {
                    d.over = column_at(ev.client_x() as f64, ev.client_y() as f64);
                    self.state.set(Some(d));
                }
            }
            self.finish();
        }
    }

    pub fn pointer_cancel(&self) {
        if self.state.with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard)) {
            self.state.set(None);
        }
    }

    /// Enter or Space picks a card up and drops it; arrows choose the column; Escape cancels.
    pub fn key_down(&self, ev: &leptos::ev::KeyboardEvent, id: i64, from: &str, card_name: &str) {
        let lang = self.lang;
        let held = self.state.get_untracked().filter(|d| d.keyboard && d.id == id);
        match (ev.key().as_str(), held) {
            ("Enter" | " ", None) => {
                ev.prevent_default();
                self.state.set(Some(Drag {
                    id,
                    from: from.to_string(),
                    over: Some(from.to_string()),
                    x: 0.0,
                    y: 0.0,
                    label: card_name.to_string(),
                    keyboard: true,
                    active: true,
                    start: (0.0, 0.0),
                }));
                self.announcement.set(match lang {
                    Lang::Th => format!("หยิบ {card_name} แล้ว ใช้ปุ่มลูกศรเลือกคอลัมน์ กด Enter เพื่อวาง หรือ Esc เพื่อยกเลิก"),
                    Lang::En => format!("Picked up {card_name}. Arrows choose a column, Enter drops, Escape cancels."),
                });
            }
            ("Enter" | " ", Some(_)) => {
                ev.prevent_default();
                self.finish();
            }
            ("Escape", Some(_)) => {
                ev.prevent_default();
                self.state.set(None);
                self.announcement.set(lang.t("ยกเลิกการย้าย", "Move cancelled").to_string());
            }
            (key @ ("ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp"), Some(mut d)) => {
                ev.prevent_default();
                let step = if matches!(key, "ArrowRight" | "ArrowDown") { 1 } else { -1 };
                let at = d.over.clone().unwrap_or_else(|| d.from.clone());
                d.over = self.step(&at, step);
                let name = d.over.as_deref().map(|k| self.name(k)).unwrap_or_default();
                self.state.set(Some(d));
                scroll_column_into_view(self.state.with_untracked(|d| d.as_ref().and_then(|d| d.over.clone())));
                self.announcement.set(match lang {
                    Lang::Th => format!("เหนือคอลัมน์ {name}"),
                    Lang::En => format!("Over {name}"),
                });
            }
            _ => {}
        }
    }
}

/// The key of the `[data-drop]` column under a point of the viewport.
fn column_at(x: f64, y: f64) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let list = document().query_selector_all("[data-drop]").ok()?;
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            let r = el.get_bounding_client_rect();
            if x >= r.left() && x <= r.right() && y >= r.top() && y <= r.bottom() {
                return el.get_attribute("data-drop");
            }
        }
        None
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (x, y);
        None
    }
}

/// Near an edge, scrolls the lanes sideways or the page up and down.
fn auto_scroll(x: f64, y: f64) {
    #[cfg(feature = "hydrate")]
    {
        let window = leptos::prelude::window();
        let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        if y < EDGE {
            window.scroll_by_with_x_and_y(0.0, -16.0);
        } else if height > 0.0 && y > height - EDGE {
            window.scroll_by_with_x_and_y(0.0, 16.0);
        }
        if let Some(lanes) = document().query_selector(".lanes").ok().flatten() {
            let r = lanes.get_bounding_client_rect();
            if x < r.left() + EDGE {
                lanes.scroll_by_with_x_and_y(-24.0, 0.0);
            } else if x > r.right() - EDGE {
                lanes.scroll_by_with_x_and_y(24.0, 0.0);
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (x, y, EDGE);
}

/// Brings the column a keyboard move is over into view.
fn scroll_column_into_view(key: Option<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(key) = key {
        if let Some(el) = document().query_selector(&format!("[data-drop=\"{key}\"]")).ok().flatten() {
            el.scroll_into_view_with_bool(false);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// The card under a dragging pointer, drawn above everything (a lane's scrolling list would
/// clip the card itself).
#[component]
pub fn DragGhost(drag: DragCtl) -> impl IntoView {
    move || {
        drag.ghost().map(|(x, y, label)| {
            view! {
                <div class="drag-ghost" aria-hidden="true" style=format!("left: {}px; top: {}px", x - 24.0, y - 20.0)>
                    {label}
                </div>
            }
        })
    }
}
