//! `window.__hakpaeng_hydrated` and the `hakpaeng:hydrated` event: once the page is interactive
//! (hydrated, its chunk loaded when it has one), so browser tests and the field benchmark know
//! when a tap is handled and the web fonts may load; and the work that must wait for that moment.
//!
//! A page in its own chunk is hydrated only after the chunk arrives. Browser state read in the
//! meantime (the outbox from IndexedDB) would change what the page renders before it is matched
//! with the server's HTML, so such work is queued with [`after_hydration`].
use std::cell::RefCell;

enum Stage {
    Hydrating(Vec<Box<dyn FnOnce()>>),
    Hydrated,
}

thread_local! {
    static STAGE: RefCell<Stage> = const { RefCell::new(Stage::Hydrating(Vec::new())) };
}

/// Runs `work` once the page is hydrated: now if it is, else right after.
pub fn after_hydration(work: impl FnOnce() + 'static) {
    let work: Box<dyn FnOnce()> = Box::new(work);
    let now = STAGE.with_borrow_mut(|stage| match stage {
        Stage::Hydrating(queue) => {
            queue.push(work);
            None
        }
        Stage::Hydrated => Some(work),
    });
    if let Some(work) = now {
        work();
    }
}

/// Marks the page as hydrated and runs the work that waited for it.
pub fn set() {
    let queued = STAGE.with_borrow_mut(|stage| match std::mem::replace(stage, Stage::Hydrated) {
        Stage::Hydrating(queue) => queue,
        Stage::Hydrated => Vec::new(),
    });
    for work in queued {
        work();
    }
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"__hakpaeng_hydrated".into(), &true.into());
        if let Ok(event) = web_sys::Event::new("hakpaeng:hydrated") {
            let _ = w.dispatch_event(&event);
        }
    }
}
