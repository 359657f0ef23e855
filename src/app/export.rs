//! The Dossier screen's `p`: the papers of the selected step. The worker builds them first
//! and the question lists, paper by paper, the facts they will print as blanks; `y` writes each
//! as DOCX and PDF to `<workspace>/exports/<id>/` and the flash says where.

use super::modal::{Confirm, Modal, Pending};
use super::{App, Effect};
use crate::i18n::{tr, trf};
use crate::service::export::{Paper, papers_for};

pub(super) fn export_command(app: &mut App) -> Vec<Effect> {
    let Some(l) = app.open.as_ref() else {
        return Vec::new();
    };
    let id = l.dossier.id.clone();
    let kinds = papers_for(app.selected_step().key(), &l.dossier);
    vec![Effect::PrepareExport { id, kinds }]
}

/// The papers built: ask before writing them, naming every blank.
pub(super) fn ready(app: &mut App, id: String, papers: &[Paper]) -> Vec<Effect> {
    let mut lines = vec![tr(app.lang, "ui.export.ask")];
    let sep = match app.lang {
        crate::i18n::Lang::ZhCn => "、",
        crate::i18n::Lang::En => ", ",
    };
    for p in papers {
        lines.push(if p.blanks.is_empty() {
            trf(app.lang, "ui.export.complete", &[("doc", &p.name)])
        } else {
            trf(
                app.lang,
                "ui.export.blanks",
                &[("doc", &p.name), ("list", &p.blanks.join(sep))],
            )
        });
        if !p.unprintable.is_empty() {
            lines.push(trf(
                app.lang,
                "ui.export.unprintable",
                &[("doc", &p.name), ("list", &p.unprintable.join(sep))],
            ));
        }
    }
    let kinds = papers.iter().map(|p| p.kind).collect();
    app.push_modal(Modal::Confirm(Confirm {
        message: lines.join("\n"),
        pending: Pending::Export { id, kinds },
    }));
    Vec::new()
}
