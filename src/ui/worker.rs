//! The worker thread: runs the slow effects (listing, opening, saving with a git commit,
//! history, diffs) off the UI thread and reports each result as an `Event`, tagged with the id of
//! the request it answers, over a channel, so the screen never blocks on git.
//!
//! The work itself is behind the [`Services`] trait; `store_services::StoreServices` implements it with the
//! store, the rules and the contract engine. The worker must not touch the terminal.

use crate::app::requests::superseded;
use crate::app::{Effect, Event, Request, RequestId};
use std::sync::mpsc::{Receiver, Sender};

/// What the worker can be asked to do. Each call returns the event to report.
pub trait Services: Send + 'static {
    fn handle(&mut self, effect: Effect) -> Option<Event>;
}

/// Runs `services` on a new thread: requests in, answers out, in order. Every request is
/// answered exactly once (a request the services do not handle is answered with nothing to do,
/// so the app's count of requests in flight always comes back to zero). A request already
/// superseded by a newer one waiting behind it (a search per key typed) is answered with nothing
/// without being run: the app would drop its answer as stale. Ends when the request channel
/// closes.
pub(crate) fn spawn<S: Services>(
    mut services: S,
    requests: Receiver<Request>,
    answers: Sender<(RequestId, Option<Event>)>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while let Ok(first) = requests.recv() {
            let mut batch = vec![first];
            batch.extend(requests.try_iter());
            let stale: Vec<bool> = batch
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    batch
                        .iter()
                        .skip(i + 1)
                        .any(|later| superseded(&r.effect, &later.effect))
                })
                .collect();
            for (r, stale) in batch.into_iter().zip(stale) {
                let event = if stale {
                    None
                } else {
                    services.handle(r.effect)
                };
                if answers.send((r.id, event)).is_err() {
                    return;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Effect;
    use crate::service::tui_archive::Search;
    use std::sync::mpsc;

    /// Counts what it is asked to run.
    struct Counting(std::sync::Arc<std::sync::Mutex<Vec<Effect>>>);

    impl Services for Counting {
        fn handle(&mut self, effect: Effect) -> Option<Event> {
            if let Ok(mut v) = self.0.lock() {
                v.push(effect);
            }
            Some(Event::Failed(String::new()))
        }
    }

    #[test]
    fn searches_superseded_while_queued_are_answered_without_being_run() {
        let ran = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (rtx, rrx) = mpsc::channel();
        let (atx, arx) = mpsc::channel();
        let search = |t: &str| {
            Effect::ArchiveSearch(Search {
                text: t.into(),
                ..Search::default()
            })
        };
        // Queued before the worker starts: one batch.
        for (id, effect) in [
            (1, search("津")),
            (2, Effect::LoadDue),
            (3, search("津贴")),
            (4, Effect::ListDossiers),
        ] {
            rtx.send(Request { id, effect }).ok();
        }
        drop(rtx);
        let handle = spawn(Counting(ran.clone()), rrx, atx);
        handle.join().ok();
        let answers: Vec<(RequestId, bool)> = arx.iter().map(|(id, e)| (id, e.is_some())).collect();
        assert_eq!(answers, vec![(1, false), (2, true), (3, true), (4, true)]);
        let ran = ran.lock().unwrap().clone();
        assert_eq!(
            ran,
            vec![Effect::LoadDue, search("津贴"), Effect::ListDossiers]
        );
    }
}
