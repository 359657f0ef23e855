//! Requests to the worker, with ids (gitui's async jobs): every effect the worker runs gets a
//! fresh [`RequestId`]; the app counts the requests in flight (the "working…" mark) and drops a
//! result that a newer request of the same kind has made stale — a diff for a version pair the
//! user already moved away from, a listing or an opened dossier superseded by another.
//!
//! Saves are never stale: each one is a commit the user asked for, and each answer counts; so
//! are exchanges (a push, a fetch, a bundle): each says what it did.

use super::{App, Effect, Event};
use std::collections::BTreeMap;

/// A request's id, unique within one app.
pub type RequestId = u64;

/// One effect for the worker, with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: RequestId,
    pub effect: Effect,
}

/// Requests whose answer is only wanted from the newest of their kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    List,
    Inbox,
    Identity,
    Open,
    History,
    Diff,
    /// Archive searches: one per change of the query line, only the newest answer shown.
    Search,
    Due,
    Coverage,
    /// Saves and creations: every answer matters.
    Save,
}

fn kind(e: &Effect) -> Kind {
    match e {
        Effect::ListDossiers => Kind::List,
        Effect::ListInbox => Kind::Inbox,
        Effect::LoadIdentity => Kind::Identity,
        // Both open a dossier: only the newest is shown.
        Effect::OpenDossier(_) | Effect::ViewAgreement { .. } => Kind::Open,
        Effect::LoadHistory(_) => Kind::History,
        // Both fill the Diff screen's view: only the newest answer of either is shown.
        Effect::ComputeDiff { .. } | Effect::CompareAgainst { .. } => Kind::Diff,
        Effect::ArchiveSearch(_) => Kind::Search,
        Effect::LoadDue => Kind::Due,
        Effect::LoadCoverage(_) => Kind::Coverage,
        _ => Kind::Save,
    }
}

/// True when the answer to `earlier` will be dropped as stale once `later` is asked for too:
/// the worker can skip it (a search per key typed, of which only the last counts).
pub(crate) fn superseded(earlier: &Effect, later: &Effect) -> bool {
    let k = kind(earlier);
    k != Kind::Save && kind(later) == k
}

/// The app's book of requests in flight.
#[derive(Debug, Clone, Default)]
pub struct Requests {
    next: RequestId,
    in_flight: BTreeMap<RequestId, Kind>,
    newest: BTreeMap<Kind, RequestId>,
}

impl Requests {
    /// How many requests have not been answered.
    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    fn issue(&mut self, effect: Effect) -> Request {
        self.next += 1;
        let id = self.next;
        let k = kind(&effect);
        self.in_flight.insert(id, k);
        self.newest.insert(k, id);
        Request { id, effect }
    }

    /// A request the worker answered with nothing to report: no longer in flight.
    pub(crate) fn forget(&mut self, id: RequestId) {
        self.in_flight.remove(&id);
    }

    /// Takes the answer to `id`: false when it is stale (or unknown) and must be dropped.
    fn answer(&mut self, id: RequestId) -> bool {
        match self.in_flight.remove(&id) {
            Some(Kind::Save) => true,
            Some(k) => self.newest.get(&k) == Some(&id),
            None => false,
        }
    }
}

/// Splits `effects` into requests for the worker (each given an id and counted) and the effects
/// the runtime carries out itself (quitting, handing the screen to `$EDITOR`).
pub fn dispatch(app: &mut App, effects: Vec<Effect>) -> (Vec<Request>, Vec<Effect>) {
    let mut requests = Vec::new();
    let mut local = Vec::new();
    for e in effects {
        match e {
            Effect::Quit | Effect::ExternalEdit { .. } => local.push(e),
            other => requests.push(app.requests.issue(other)),
        }
    }
    (requests, local)
}

/// The worker's answer to request `id`: adopted through `update`, or dropped when stale.
pub(crate) fn reply(app: &mut App, id: RequestId, event: Event) -> Vec<Effect> {
    if app.requests.answer(id) {
        super::events::on_event(app, event)
    } else {
        Vec::new()
    }
}
