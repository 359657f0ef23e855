//! A generated archive: N signed agreements with known figures, for the archive tests and
//! benchmarks. Each dossier is a real git repository (`dossier.json`, `contract.md`, a commit
//! and an annotated `signed` tag carrying the seal) whose objects it shares with one base
//! repository through `objects/info/alternates` — 10,000 plain copies would take gigabytes.
//! Deterministic: agreement `i` always has the same figures, so tests state expected counts as
//! literals. Uses only the library's public API and git2; included with `#[path]`.
#![allow(dead_code)]

use std::path::Path;
use xieshang::domain::seal::Seal;
use xieshang::domain::{ContractKind, Dossier, Enterprise, Signing};

pub const REGIONS: [&str; 5] = ["210203", "210204", "210211", "210213", "210281"];
pub const INDUSTRIES: [&str; 4] = ["制造业", "建筑业", "批发和零售业", "交通运输业"];

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The contract of agreement `i`, from `base` (a full wage contract holding `高温津贴每月150元`):
/// the enterprise's name, its own heat allowance, and for every 25th a night-shift clause.
pub fn contract(base: &str, i: usize) -> String {
    let heat = 100 + (i % 10) * 10;
    let mut t = base
        .replace("大连华信精密机械有限公司", &name(i))
        .replace("高温津贴每月150元", &format!("高温津贴每月{heat}元"));
    if i.is_multiple_of(25) {
        t = t.replacen(
            "企业按照下列标准向职工发放津贴和补贴：",
            "企业按照下列标准向职工发放津贴和补贴：夜班津贴每班三十元；",
            1,
        );
    }
    t
}

pub fn name(i: usize) -> String {
    format!("大连第{i:05}号机械有限公司")
}

/// The record of agreement `i`: region, industry, kind, figures and dates by formula.
pub fn dossier(i: usize, text: &str) -> Dossier {
    let year = 2024 + i32::try_from(i % 3).unwrap();
    let mut d = Dossier::new(
        format!("2024-{i:05}"),
        if i % 10 == 9 {
            ContractKind::Safety
        } else {
            ContractKind::Wage
        },
        Enterprise {
            name: name(i),
            region: REGIONS[i % 5].to_string(),
            industry: Some(INDUSTRIES[i % 4].to_string()),
            staff: Some(100 + u32::try_from(i % 50).unwrap() * 10),
            high_risk: i.is_multiple_of(8),
            credit_code: Some(format!("91210200MA{i:08}")),
            ..Enterprise::default()
        },
        day(year, 1, 5),
    );
    d.terms.avg_wage_increase_bp = Some(300 + i32::try_from(i % 7).unwrap() * 50);
    d.terms.min_wage_fen = Some(200_000 + i64::try_from(i % 6).unwrap() * 5_000);
    d.terms.allowances.insert(
        "高温津贴".into(),
        i64::try_from(10_000 + (i % 10) * 1_000).unwrap(),
    );
    d.terms.start = Some(day(year, 3, 1));
    d.terms.end = Some(day(year + 1, 2, 28));
    d.terms.term_months = Some(12);
    if i.is_multiple_of(2) {
        d.instructors.push("王指导".into());
    }
    d.signing = Some(Signing {
        date: day(year, 2, 20),
        workers_chief: None,
        employer_chief: None,
        seals: true,
    });
    d.effective = Some(day(year, 3, 1));
    d.seal = Some(Seal::of(&d, Some(text)));
    d
}

/// Writes `n` agreements into the workspace at `ws` (which must exist), sharing objects with a
/// base repository under `ws/../base.git`. `base_text` is a full contract.
pub fn generate(ws: &Path, n: usize, base_text: &str) {
    let shared = ws.parent().unwrap().join("archive-base.git");
    let base = git2::Repository::init_bare(&shared).unwrap();
    // The common text in the base, so most of each contract's delta has a base to go against.
    base.blob(base_text.as_bytes()).unwrap();
    let objects = shared.join("objects");
    let sig = git2::Signature::new(
        "xieshang",
        "x@localhost",
        &git2::Time::new(1_700_000_000, 480),
    )
    .unwrap();
    for i in 0..n {
        let text = contract(base_text, i);
        let d = dossier(i, &text);
        let dir = ws.join(&d.id);
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = git2::Repository::init_opts(&dir, &opts).unwrap();
        std::fs::write(
            repo.path().join("objects/info/alternates"),
            format!("{}\n", objects.display()),
        )
        .unwrap();
        let json = serde_json::to_vec_pretty(&d).unwrap();
        std::fs::write(dir.join("dossier.json"), &json).unwrap();
        std::fs::write(dir.join("contract.md"), &text).unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("dossier.json")).unwrap();
        index.add_path(Path::new("contract.md")).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let c = repo
            .commit(
                Some("HEAD"),
                &sig,
                &sig,
                "signed\n\nXieshang-Event: signing.recorded date=x\n",
                &tree,
                &[],
            )
            .unwrap();
        let obj = repo.find_object(c, None).unwrap();
        let seal = d.seal.as_ref().unwrap();
        repo.tag("signed", &obj, &sig, &seal.tag_message("signed"), false)
            .unwrap();
    }
}
