//! The worker thread: runs the slow effects (listing, opening, saving with a git commit,
//! history, diffs) off the UI thread and reports each result as an `Event` over a channel, so the
//! screen never blocks on git.
//!
//! The work itself is behind the [`Services`] trait; `store_services::StoreServices` implements it with the
//! store, the rules and the contract engine. The worker must not touch the terminal.

use crate::app::{Effect, Event};
use std::sync::mpsc::{Receiver, Sender};

/// What the worker can be asked to do. Each call returns the event to report.
pub trait Services: Send + 'static {
    fn handle(&mut self, effect: Effect) -> Option<Event>;
}

/// Runs `services` on a new thread: effects in, events out. Ends when the effect channel closes.
pub fn spawn<S: Services>(
    mut services: S,
    effects: Receiver<Effect>,
    events: Sender<Event>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while let Ok(effect) = effects.recv() {
            if let Some(event) = services.handle(effect)
                && events.send(event).is_err()
            {
                break;
            }
        }
    })
}
