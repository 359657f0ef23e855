//! What the TUI's worker needs around exchange besides the verbs the CLI calls: which remote a
//! transfer uses when none is named (to say so in the flash), whether a dossier is the one held
//! open (a transfer started from the inbox must not keep that row's lock), the checks the remote
//! form makes before sending, and the Diff screen's view of the draft against its template or
//! the previous agreement.
//!
//! Nothing here transfers, merges or records: `exchange` and `against` do, for both shells.

use super::against::Against;
use super::view::DiffView;
use super::{Failure, Service};

impl Service {
    /// True when dossier `id` is the one held open under its write lock.
    pub(crate) fn holds(&self, id: &str) -> bool {
        self.held.as_ref().is_some_and(|w| w.id() == id)
    }

    /// The current draft of `id` against `against`, in the shape the Diff screen reads. The
    /// labels are the template's name or the earlier dossier's key, and `HEAD`: the screen says
    /// what they are in the user's language.
    pub(crate) fn against_view(&self, id: &str, against: Against) -> Result<DiffView, Failure> {
        let c = self.compare_against(id, against)?;
        let mut view = super::versions::view(&c, self.lang);
        // `compare_against` labels the older side `template NAME` or `KEY signed`.
        let name = match against {
            Against::Template => c.from.strip_prefix("template "),
            Against::Previous => c.from.strip_suffix(" signed"),
        };
        view.old_label = name.unwrap_or(&c.from).to_string();
        view.new_label = c.to;
        Ok(view)
    }
}

/// Refuses a remote name git or the store would not take, with the store's message.
pub fn check_remote_name(name: &str) -> Result<(), Failure> {
    Ok(crate::store::exchange::validate_remote_name(name)?)
}

/// Refuses a remote address the store would not hand to git, with the store's message.
pub fn check_remote_url(url: &str) -> Result<(), Failure> {
    Ok(crate::store::exchange::validate_url(url)?)
}
