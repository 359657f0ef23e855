//! The worker thread: runs the slow effects (listing, opening, saving with a git commit,
//! history, diffs) off the UI thread and reports each result as an `Event`, tagged with the id of
//! the request it answers, over a channel, so the screen never blocks on git.
//!
//! The work itself is behind the [`Services`] trait; `store_services::StoreServices` implements it with the
//! store, the rules and the contract engine. The worker must not touch the terminal.

use crate::app::{Effect, Event, Request, RequestId};
use std::sync::mpsc::{Receiver, Sender};

/// What the worker can be asked to do. Each call returns the event to report.
pub trait Services: Send + 'static {
    fn handle(&mut self, effect: Effect) -> Option<Event>;
}

/// Runs `services` on a new thread: requests in, answers out, in order. Every request is
/// answered exactly once (a request the services do not handle is answered with nothing to do,
/// so the app's count of requests in flight always comes back to zero). Ends when the request
/// channel closes.
pub(crate) fn spawn<S: Services>(
    mut services: S,
    requests: Receiver<Request>,
    answers: Sender<(RequestId, Option<Event>)>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while let Ok(r) = requests.recv() {
            let event = services.handle(r.effect);
            if answers.send((r.id, event)).is_err() {
                break;
            }
        }
    })
}
