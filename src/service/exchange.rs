//! Exchange between unions: the workspace's identity, where it stands towards each dossier
//! (its own, or received from a union below for pre-review), remotes, pushing and fetching,
//! cloning a dossier in, bundle files, and the reviewer's inbox.
//!
//! The transfer and merge mechanics live in `store::exchange`; this layer decides *what* each
//! side sends and merges (the grassroots union its `main` and tags; a reviewer its
//! `prereview/<code>` branch) and turns outcomes into words.

use super::fact::Standing;
use super::{Event, Fact, Failure, Service};
use crate::contract::numerals::to_chinese;
use crate::domain::record::{DraftClauses, ReviewerId};
use crate::domain::{Dossier, EnteredBy, Identity, UnionRef};
use crate::i18n::tr;
pub use crate::store::exchange::{Integrated, Remote};
use crate::store::{PREREVIEW_FILE, StoreError};

/// Every file a grassroots union owns (what a reviewer merges from its `main`). Not
/// `prereview.json`: that is the reviewer's, and the grassroots side may change in it only the
/// pre-reviews it typed in from paper (see [`Service::grassroots_may_merge_prereview`]).
const FILES: [&str; 3] = [
    crate::store::DOSSIER_FILE,
    crate::store::CONTRACT_FILE,
    crate::store::attachments::ATTACHMENTS_FILE,
];

impl Service {
    /// The workspace's union and person, if set.
    pub fn identity(&self) -> Option<&Identity> {
        self.ws.identity()
    }

    /// Sets the workspace's union, person and role (from what was typed).
    pub fn set_identity(
        &mut self,
        name: &str,
        code: &str,
        person: &str,
        role: &str,
    ) -> Result<Identity, Failure> {
        let id = Identity::parse(name, code, person, role)?;
        self.ws.set_identity(&id)?;
        Ok(id)
    }

    /// The canonical key of a dossier (`CODE/ID` when received).
    pub fn key_of(&self, id: &str) -> Result<String, Failure> {
        Ok(self.ws.key_of(id)?)
    }

    /// Where this workspace stands towards dossier `id` with draft `text`.
    pub(crate) fn standing(&self, id: &str, d: &Dossier, text: Option<&str>) -> Standing {
        let key = self.ws.key_of(id).unwrap_or_else(|_| id.to_string());
        let received_from = key.split_once('/').map(|(code, _)| code.to_string());
        let reviewer = match (&received_from, self.ws.identity()) {
            (Some(_), Some(me)) => ReviewerId {
                union: Some(me.union.clone()),
                person: Some(me.person.clone()),
                entered_by: EnteredBy::Reviewer,
            },
            (Some(_), None) => ReviewerId {
                union: None,
                person: None,
                entered_by: EnteredBy::Reviewer,
            },
            (None, _) => ReviewerId::default(),
        };
        let _ = d;
        Standing {
            reviewer,
            draft: draft_clauses(text),
            received_from,
        }
    }
}

/// The clause labels of a draft and the git blob id of its text.
pub fn draft_clauses(text: Option<&str>) -> DraftClauses {
    let Some(t) = text else {
        return DraftClauses::default();
    };
    let labels = crate::contract::parse::parse(t)
        .map(|c| {
            (1..=c.clause_count())
                .map(|n| format!("第{}条", to_chinese(u32::try_from(n).unwrap_or(u32::MAX))))
                .collect()
        })
        .unwrap_or_default();
    DraftClauses {
        labels,
        blob: crate::store::blob_id(t.as_bytes()),
    }
}

/// What `fetch` merged, per fetched branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub merged: Vec<(String, Integrated)>,
}

/// A dossier taken in from another union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub key: String,
    pub enterprise: String,
    pub union: UnionRef,
}

impl Service {
    /// Adds remote `name` → `url` to dossier `id`.
    pub fn add_remote(&self, id: &str, name: &str, url: &str) -> Result<(), Failure> {
        Ok(self.ws.add_remote(id, name, url)?)
    }

    pub fn remotes(&self, id: &str) -> Result<Vec<Remote>, Failure> {
        Ok(self.ws.remotes(id)?)
    }

    /// The remote to use when none is named: the only one, or `origin`.
    pub(crate) fn default_remote(&self, id: &str, name: Option<&str>) -> Result<String, Failure> {
        if let Some(n) = name {
            return Ok(n.to_string());
        }
        let all = self.ws.remotes(id)?;
        match all.as_slice() {
            [one] => Ok(one.name.clone()),
            _ => Ok("origin".to_string()),
        }
    }

    /// This workspace's union code, required for exchange.
    fn my_code(&self) -> Result<String, Failure> {
        self.ws
            .identity()
            .map(|i| i.union.code.clone())
            .ok_or_else(|| Failure::Refused(tr(self.lang, "exchange.no_identity")))
    }

    /// Sends dossier `id` to remote `name`: the grassroots union its `main` and every tag; a
    /// reviewing union its own branch `prereview/<code>` (never the other side's).
    pub fn push(&mut self, id: &str, name: Option<&str>) -> Result<String, Failure> {
        let remote = self.default_remote(id, name)?;
        let key = self.ws.key_of(id)?;
        let refspecs = if key.contains('/') {
            let code = self.my_code()?;
            vec![format!("refs/heads/main:refs/heads/prereview/{code}")]
        } else {
            vec![
                "refs/heads/main:refs/heads/main".to_string(),
                "+refs/tags/*:refs/tags/*".to_string(),
            ]
        };
        // Under the write lock: a save in another program must not move `main` mid-push.
        self.writer(id)?;
        self.ws.push(id, &remote, &refspecs)?;
        Ok(remote)
    }

    /// Fetches dossier `id` from remote `name` and merges what the other side owns: on the
    /// grassroots side each reviewer's `prereview/<code>` branch (which may change only
    /// `prereview.json`); on a reviewer's side the grassroots `main` (and its tags).
    pub fn fetch(&mut self, id: &str, name: Option<&str>) -> Result<Fetched, Failure> {
        let remote = self.default_remote(id, name)?;
        let key = self.ws.key_of(id)?;
        let received = key.contains('/');
        let mut refspecs = vec![format!("+refs/heads/*:refs/remotes/{remote}/*")];
        if received {
            refspecs.push("+refs/tags/*:refs/tags/*".to_string());
        }
        self.writer(id)?;
        self.ws.fetch(id, &remote, &refspecs)?;
        let merged = self.merge_fetched(id, &remote, received)?;
        self.witness_seals(&key)?;
        Ok(Fetched { merged })
    }

    /// Merges what came under `refs/remotes/<remote>/` into dossier `id`: on a reviewer's side
    /// the grassroots `main` (any dossier file), on the grassroots side each reviewer's
    /// `prereview/<code>` branch (which may change only `prereview.json`).
    fn merge_fetched(
        &mut self,
        id: &str,
        remote: &str,
        received: bool,
    ) -> Result<Vec<(String, Integrated)>, Failure> {
        let with_prereview = [FILES[0], FILES[1], FILES[2], PREREVIEW_FILE];
        let branches: Vec<(String, &[&str])> = if received {
            let r = format!("refs/remotes/{remote}/main");
            if self.grassroots_may_merge_prereview(id, &r)? {
                vec![(r, &with_prereview[..])]
            } else {
                vec![(r, &FILES[..])]
            }
        } else {
            self.ws
                .refs_under(id, &format!("refs/remotes/{remote}/prereview/"))?
                .into_iter()
                .map(|r| (r, &[PREREVIEW_FILE][..]))
                .collect()
        };
        let mut merged = Vec::new();
        for (r, allowed) in branches {
            let shown = r.trim_start_matches("refs/remotes/").to_string();
            let events = vec![
                Event::new("exchange.merged")
                    .arg("remote", remote)
                    .arg("what", &shown),
            ];
            let message = crate::domain::event::commit_message(&events);
            let ws = self.ws.clone();
            let w = self.writer(id)?;
            merged.push((shown, w.integrate(&ws, &r, allowed, &message)?));
        }
        Ok(merged)
    }

    /// Whether the grassroots `main` under `theirs_ref` may bring its change of `prereview.json`
    /// into received dossier `id`: only when every pre-review it adds, changes or drops was typed
    /// in by the grassroots side from a paper opinion. A change to the reviewer's own record is
    /// someone writing in the reviewer's name: the file then counts as foreign and the merge is
    /// refused.
    fn grassroots_may_merge_prereview(&self, id: &str, theirs_ref: &str) -> Result<bool, Failure> {
        let Some((before, after)) = self.ws.change_since_base(id, theirs_ref, PREREVIEW_FILE)?
        else {
            return Ok(true);
        };
        let reviews = |b: &Option<Vec<u8>>| -> Option<Vec<crate::domain::PreReview>> {
            match b {
                None => Some(Vec::new()),
                Some(b) => serde_json::from_slice::<crate::domain::PreReviews>(b)
                    .ok()
                    .map(|p| p.reviews),
            }
        };
        let (Some(before), Some(after)) = (reviews(&before), reviews(&after)) else {
            return Ok(false);
        };
        let touched = after
            .iter()
            .filter(|r| !before.contains(r))
            .chain(before.iter().filter(|r| !after.contains(r)));
        Ok(touched
            .into_iter()
            .all(|r| r.entered_by == EnteredBy::Grassroots))
    }

    /// Takes in a dossier from `url` (the reviewing union): cloned into the staging area,
    /// checked (only dossier files; a dossier that parses; it names its union, or `union` is
    /// given), then moved to `<workspace>/<union code>/<id>/`. A dossier of that id from the same
    /// union is already here → refused (fetch it instead); the same id from a different
    /// enterprise → refused. The receipt is recorded as the reviewer's fact when the draft was
    /// submitted.
    pub fn clone_dossier(&mut self, url: &str, union: Option<&str>) -> Result<Received, Failure> {
        let me = self
            .ws
            .identity()
            .cloned()
            .ok_or_else(|| Failure::Refused(tr(self.lang, "exchange.no_identity")))?;
        if !me.role.reviews() {
            return Err(Failure::Refused(tr(self.lang, "exchange.not_reviewer")));
        }
        let staged = self.ws.clone_to_staging(url)?;
        let result = self.adopt(&staged, union);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staged);
        }
        let got = result?;
        self.witness_seals(&got.key)?;
        let d = self.load(&got.key)?;
        if d.prereview_submitted.is_some() && d.prereview().and_then(|p| p.received).is_none() {
            self.record(
                &got.key,
                &Fact::PreReview {
                    submitted: None,
                    received: Some(self.today),
                    decision: None,
                    opinion: None,
                    withdraw: None,
                },
            )?;
        }
        Ok(got)
    }

    fn adopt(&self, staged: &std::path::Path, union: Option<&str>) -> Result<Received, Failure> {
        crate::store::exchange::checkout_head(staged)?;
        let d = crate::store::exchange::staged_dossier(staged)?;
        let owner = match (&d.union, union) {
            (_, Some(code)) => {
                crate::store::validate_id(code)?;
                UnionRef {
                    code: code.to_string(),
                    name: d.union.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
                }
            }
            (Some(u), None) => u.clone(),
            (None, None) => {
                return Err(StoreError::NoUnion { id: d.id.clone() }.into());
            }
        };
        crate::store::validate_id(&owner.code)?;
        crate::store::validate_id(&d.id)?;
        let key = format!("{}/{}", owner.code, d.id);
        if let Ok(have) = self.ws.load(&key) {
            if have.enterprise.name != d.enterprise.name {
                return Err(StoreError::OtherEnterprise {
                    id: key,
                    have: have.enterprise.name,
                    got: d.enterprise.name,
                }
                .into());
            }
            return Err(StoreError::Exists { id: key }.into());
        }
        self.ws.adopt_staged(staged, &key)?;
        Ok(Received {
            key,
            enterprise: d.enterprise.name,
            union: owner,
        })
    }
}

impl Service {
    /// The dossier and what became of each opinion of its latest pre-review in the committed
    /// draft (for `show` and the screens).
    pub fn opinions(
        &self,
        id: &str,
    ) -> Result<(Dossier, Vec<super::followthrough::FollowThrough>), Failure> {
        let d = self.ws.load(id)?;
        let text = self.ws.file_at(id, "HEAD", crate::store::CONTRACT_FILE)?;
        let f = self.followthrough(id, &d, text.as_deref());
        Ok((d, f))
    }
}

/// What `import` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub key: String,
    pub enterprise: String,
    /// A new dossier was made from the bundle.
    pub created: bool,
    pub merged: Vec<(String, Integrated)>,
}

impl Service {
    /// Writes dossier `id` to the bundle file `out` (what `push` would send: the grassroots
    /// union's `main` and tags, or a reviewer's `prereview/<code>`), with `since` only what came
    /// after that version. Returns the file's size in bytes.
    pub fn bundle(
        &mut self,
        id: &str,
        out: &std::path::Path,
        since: Option<&str>,
    ) -> Result<u64, Failure> {
        let key = self.ws.key_of(id)?;
        let (as_ref, tags) = if key.contains('/') {
            (format!("refs/heads/prereview/{}", self.my_code()?), false)
        } else {
            ("refs/heads/main".to_string(), true)
        };
        self.writer(id)?;
        let (_, size) = self.ws.write_bundle(id, &as_ref, tags, since, out)?;
        Ok(size)
    }

    /// Takes in a bundle file: an update of a dossier here (merged as `fetch` merges), or a
    /// dossier received for the first time (a reviewing union), or the grassroots union's own
    /// dossier restored. Nothing changes unless the whole bundle checks out.
    pub fn import(&mut self, file: &std::path::Path) -> Result<Imported, Failure> {
        let q = self.ws.quarantine_bundle(file)?;
        let d = q.dossier.clone();
        let mine = self.ws.identity().map(|i| i.union.code.clone());
        let key = match &q.target {
            Some(k) => k.clone(),
            None => match (&d.union, &mine) {
                (Some(u), Some(me)) if u.code != *me => {
                    if !self.ws.identity().is_some_and(|i| i.role.reviews()) {
                        return Err(Failure::Refused(tr(self.lang, "exchange.not_reviewer")));
                    }
                    format!("{}/{}", u.code, d.id)
                }
                (Some(u), None) => format!("{}/{}", u.code, d.id),
                _ => d.id.clone(),
            },
        };
        let received = key.contains('/');
        // A bare key names this workspace's own dossier, never a received one of that id.
        if !received
            && let Ok(k) = self.ws.key_of(&key)
            && k.contains('/')
        {
            return Err(StoreError::OwnIdReceived { id: key, key: k }.into());
        }
        let exists = self.ws.load(&key);
        let created = match exists {
            Ok(have) => {
                if have.enterprise.name != d.enterprise.name {
                    return Err(StoreError::OtherEnterprise {
                        id: key,
                        have: have.enterprise.name,
                        got: d.enterprise.name,
                    }
                    .into());
                }
                if !received {
                    self.ws.check_own_bundle(&q, &key)?;
                }
                self.writer(&key)?;
                self.ws.adopt_into(&q, &key, received)?;
                false
            }
            Err(StoreError::NotFound { .. }) => {
                self.ws.create_from(&q, &key)?;
                true
            }
            Err(e) => return Err(e.into()),
        };
        drop(q);
        let mut merged = Vec::new();
        if !created {
            merged = self.merge_fetched(&key, "bundle", received)?;
        } else if received
            // As stored, with its prereview.json (the bundle's `d` is dossier.json alone): a
            // pre-review received (and decided) elsewhere already is not received again.
            && let Ok(d) = self.load(&key)
            && d.prereview_submitted.is_some()
            && d.prereview().and_then(|p| p.received).is_none()
        {
            self.record(
                &key,
                &Fact::PreReview {
                    submitted: None,
                    received: Some(self.today),
                    decision: None,
                    opinion: None,
                    withdraw: None,
                },
            )?;
        }
        self.witness_seals(&key)?;
        Ok(Imported {
            key,
            enterprise: d.enterprise.name,
            created,
            merged,
        })
    }
}

impl Service {
    /// A received dossier that comes back signed (or amended): its seals are recorded in this
    /// workspace, outside the dossier, as a witness `verify` compares with later.
    pub(crate) fn witness_seals(&self, key: &str) -> Result<(), Failure> {
        if !key.contains('/') {
            return Ok(());
        }
        let d = self.ws.load(key)?;
        let mut seals = Vec::new();
        if let Some(s) = &d.seal {
            seals.push(("signed".to_string(), s.clone()));
        }
        for (i, a) in d.amendments.iter().enumerate() {
            if let Some(s) = &a.seal {
                seals.push((format!("amend-{}", i + 1), s.clone()));
            }
        }
        if !seals.is_empty() {
            self.ws.witness(key, &seals, self.today)?;
        }
        Ok(())
    }
}

impl Service {
    /// The data published by the union one level up that this workspace follows, if any.
    pub fn published(&self) -> Result<Option<crate::store::published::Published>, Failure> {
        Ok(self.ws.published()?)
    }

    /// Fetches the published templates and region data (from `url` the first time). The region
    /// data is read again on the next use.
    pub fn data_fetch(
        &mut self,
        url: Option<&str>,
    ) -> Result<crate::store::published::Published, Failure> {
        if url.is_none() && self.ws.published()?.is_none() {
            return Err(Failure::Refused(tr(self.lang, "data.no_source")));
        }
        let p = self.ws.data_fetch(url)?;
        // Read once per service: what was read before the fetch is stale now.
        self.data = std::cell::OnceCell::new();
        self.data()?;
        Ok(p)
    }
}
