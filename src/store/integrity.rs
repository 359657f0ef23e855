//! What a dossier's repository says about its own integrity, read as plain facts for the service
//! to judge: which files differ from `HEAD`, every tag with the commit it names (and its message,
//! when annotated) and whether that commit is in the history, commits the branch once held that
//! are no longer in it (a reset or a rebase, from the reflog), objects that are missing, and the
//! id written in `dossier.json`.
//!
//! Reading only: nothing here changes the repository. (Completing an interrupted save is the
//! writer's job; `verify` asks for it through `open_for_write`.)

use super::workspace::{CONTRACT_FILE, DOSSIER_FILE, PREREVIEW_FILE, hand_edited};
use super::{StoreError, Workspace};
use git2::{ObjectType, Oid, Repository};
use std::collections::BTreeSet;

/// A tag and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFact {
    pub name: String,
    /// The commit it names (full hex).
    pub commit: String,
    /// The annotated tag's own message; `None` for a lightweight tag.
    pub note: Option<String>,
    /// The commit is `HEAD` or one of its ancestors.
    pub in_history: bool,
    /// The message of the commit it names.
    pub commit_message: String,
}

/// A commit the branch pointed at once that is no longer in its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostCommit {
    pub commit: String,
    /// What the reflog says moved the branch away (`reset: moving to HEAD~2`).
    pub how: String,
}

/// The facts `verify` judges.
#[derive(Debug, Clone, Default)]
pub struct RepoFacts {
    /// Files that differ from `HEAD`.
    pub hand_edited: Vec<&'static str>,
    /// `dossier.json` and `contract.md` as committed at `HEAD`.
    pub head_dossier: Option<Vec<u8>>,
    pub head_contract: Option<Vec<u8>>,
    /// The same files as they are on disk.
    pub work_dossier: Option<Vec<u8>>,
    pub work_contract: Option<Vec<u8>>,
    pub tags: Vec<TagFact>,
    pub lost: Vec<LostCommit>,
    /// Objects that should be there and are not: (what, id).
    pub missing: Vec<(String, String)>,
    /// Every commit of the history that changed `prereview.json` (read when walking).
    pub prereview_changes: Vec<PreReviewChange>,
    /// Fetched branches (`refs/remotes/…`) holding commits `main` does not: kept, not merged.
    pub unmerged: Vec<String>,
    /// Each attachment the committed list names, with what its bytes and tag say.
    pub attachments: Vec<(
        crate::domain::attachment::Attachment,
        super::attachments::AttachmentFact,
    )>,
    /// The committed states from the commit the `signed` tag names up to `HEAD`, oldest first,
    /// along the first parents (read when walking, and only when `signed` is in the history).
    pub since_signed: Vec<StateFact>,
}

/// One commit of the history since signing: what it says it did and the sealed files it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFact {
    pub commit: String,
    pub message: String,
    pub dossier: Option<Vec<u8>>,
    pub contract: Option<Vec<u8>>,
}

/// The first-parent chain from `from` (inclusive) to `head`, oldest first; empty when `from` is
/// not on it.
fn states_since(repo: &Repository, head: Oid, from: Oid) -> Vec<StateFact> {
    let mut out = Vec::new();
    let mut at = repo.find_commit(head).ok();
    while let Some(c) = at {
        let tree = c.tree().ok();
        out.push(StateFact {
            commit: c.id().to_string(),
            message: c.message().unwrap_or_default().to_string(),
            dossier: tree.as_ref().and_then(|t| blob_at(repo, t, DOSSIER_FILE)),
            contract: tree.as_ref().and_then(|t| blob_at(repo, t, CONTRACT_FILE)),
        });
        if c.id() == from {
            out.reverse();
            return out;
        }
        at = c.parent(0).ok();
    }
    Vec::new()
}

/// A commit that changed `prereview.json`: who it says made it, and the file before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreReviewChange {
    pub commit: String,
    /// The commit's `Xieshang-Union` trailer.
    pub union: Option<String>,
    pub before: Option<Vec<u8>>,
    pub after: Option<Vec<u8>>,
}

/// The non-merge commits reachable from `head` that changed `prereview.json`. A merge only
/// joins what its parents already did, so it is not an author of the file.
fn prereview_changes(repo: &Repository, head: Oid) -> Vec<PreReviewChange> {
    let mut out = Vec::new();
    let Ok(mut walk) = repo.revwalk() else {
        return out;
    };
    if walk.push(head).is_err() {
        return out;
    }
    for oid in walk.flatten() {
        let Ok(c) = repo.find_commit(oid) else {
            continue;
        };
        if c.parent_count() > 1 {
            continue;
        }
        let after = c
            .tree()
            .ok()
            .and_then(|t| blob_at(repo, &t, PREREVIEW_FILE));
        let before = c
            .parent(0)
            .ok()
            .and_then(|p| p.tree().ok())
            .and_then(|t| blob_at(repo, &t, PREREVIEW_FILE));
        if after == before {
            continue;
        }
        out.push(PreReviewChange {
            commit: oid.to_string(),
            union: super::union::union_of_message(c.message().unwrap_or_default())
                .map(str::to_string),
            before,
            after,
        });
    }
    out
}

fn blob_at(repo: &Repository, tree: &git2::Tree<'_>, name: &str) -> Option<Vec<u8>> {
    let entry = tree.get_name(name)?;
    repo.find_blob(entry.id())
        .ok()
        .map(|b| b.content().to_vec())
}

/// Walks every commit reachable from `starts` and checks that each commit, tree and blob is
/// there; returns what is missing.
fn missing_objects(repo: &Repository, starts: &[Oid]) -> Vec<(String, String)> {
    let mut missing = Vec::new();
    let mut seen_trees = BTreeSet::new();
    let mut queue: Vec<Oid> = starts.to_vec();
    let mut seen = BTreeSet::new();
    while let Some(oid) = queue.pop() {
        if !seen.insert(oid) {
            continue;
        }
        let Ok(commit) = repo.find_commit(oid) else {
            missing.push(("commit".to_string(), oid.to_string()));
            continue;
        };
        queue.extend(commit.parent_ids());
        let tree_id = commit.tree_id();
        if !seen_trees.insert(tree_id) {
            continue;
        }
        let Ok(tree) = repo.find_tree(tree_id) else {
            missing.push(("tree".to_string(), tree_id.to_string()));
            continue;
        };
        for entry in &tree {
            // A blob kept unchanged across commits sits in every tree: reported once.
            if entry.kind() == Some(ObjectType::Blob)
                && seen.insert(entry.id())
                && repo.find_blob(entry.id()).is_err()
            {
                missing.push((
                    entry.name().unwrap_or_default().to_string(),
                    entry.id().to_string(),
                ));
            }
        }
    }
    missing
}

impl Workspace {
    /// The integrity facts of dossier `id`. `walk` also reads every object of the history (the
    /// costly part, for `verify` and `check`); without it, the TUI's reload after each save
    /// stays as cheap as a status and a tag listing.
    pub fn repo_facts(&self, id: &str, walk: bool) -> Result<RepoFacts, StoreError> {
        let dir = self.dir(id)?;
        if !dir.join(DOSSIER_FILE).is_file() {
            return Err(StoreError::NotFound { id: id.to_string() });
        }
        let repo = Repository::open(&dir)?;
        let head = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let head_id = head.as_ref().map(git2::Commit::id);
        let tree = head.as_ref().and_then(|c| c.tree().ok());
        let read = |name: &str| std::fs::read(dir.join(name)).ok();
        let mut facts = RepoFacts {
            hand_edited: hand_edited(&repo),
            head_dossier: tree.as_ref().and_then(|t| blob_at(&repo, t, DOSSIER_FILE)),
            head_contract: tree.as_ref().and_then(|t| blob_at(&repo, t, CONTRACT_FILE)),
            work_dossier: read(DOSSIER_FILE),
            work_contract: read(CONTRACT_FILE),
            attachments: super::attachments::facts_at_head(&repo, &dir),
            ..RepoFacts::default()
        };
        let in_history = |target: Oid| {
            head_id.is_some_and(|h| {
                h == target || repo.graph_descendant_of(h, target).unwrap_or(false)
            })
        };
        let mut starts: Vec<Oid> = head_id.into_iter().collect();
        for r in repo.references_glob("refs/tags/*")?.flatten() {
            let Ok(name) = r.shorthand().map(str::to_string) else {
                continue;
            };
            let note = r
                .peel(ObjectType::Tag)
                .ok()
                .and_then(|o| o.into_tag().ok())
                .map(|t| t.message().ok().flatten().unwrap_or_default().to_string());
            match r.peel_to_commit() {
                Ok(c) => {
                    starts.push(c.id());
                    facts.tags.push(TagFact {
                        name,
                        commit: c.id().to_string(),
                        note,
                        in_history: in_history(c.id()),
                        commit_message: c.message().unwrap_or_default().to_string(),
                    });
                }
                Err(_) => facts.missing.push((
                    format!("tag {name}"),
                    r.target().map(|t| t.to_string()).unwrap_or_default(),
                )),
            }
        }
        // The branch's own log: every commit it pointed at must still be in its history. A
        // reset or a rebase leaves the old commits behind (their ids stay in the reflog).
        if let Ok(name) = repo.head().map(|h| h.name().unwrap_or("HEAD").to_string())
            && let Ok(log) = repo.reflog(&name)
        {
            let mut reported = BTreeSet::new();
            for entry in log.iter() {
                let old = entry.id_new();
                if old.is_zero() || in_history(old) || !reported.insert(old) {
                    continue;
                }
                // Only a commit the branch really held and then moved away from counts: a save
                // killed between writing its reflog line and renaming the branch's lock file
                // leaves a line for a commit the branch never pointed at (nothing moves away
                // from it), and xieshang's own undo of a half-failed save is no loss either.
                let Some(away) = log.iter().find(|e| e.id_old() == old) else {
                    continue;
                };
                let how = away
                    .message()
                    .ok()
                    .flatten()
                    .map(str::to_string)
                    .unwrap_or_default();
                if how.starts_with("xieshang: undo") {
                    continue;
                }
                facts.lost.push(LostCommit {
                    commit: old.to_string(),
                    how,
                });
            }
        }
        for r in repo.references_glob("refs/remotes/*")?.flatten() {
            let (Ok(name), Some(target)) = (r.name().map(str::to_string), r.target()) else {
                continue;
            };
            if name.ends_with("/HEAD") {
                continue;
            }
            if !in_history(target) {
                facts
                    .unmerged
                    .push(name.trim_start_matches("refs/remotes/").to_string());
            }
        }
        if walk {
            facts.missing.extend(missing_objects(&repo, &starts));
            if let Some(h) = head_id {
                facts.prereview_changes = prereview_changes(&repo, h);
                let signed = facts
                    .tags
                    .iter()
                    .find(|t| t.name == "signed" && t.in_history)
                    .and_then(|t| Oid::from_str(&t.commit).ok());
                if let Some(s) = signed {
                    facts.since_signed = states_since(&repo, h, s);
                }
            }
        }
        Ok(facts)
    }
}
