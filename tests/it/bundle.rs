//! `store::bundle` against the real git: bundles we write are read by `git bundle verify`,
//! `git clone` and `git fetch`; bundles git writes (full and thin incremental) are indexed by
//! us; hand-crafted bad bundles are refused and leave the receiving repository as it was.

use git2::{ObjectType, Oid, Repository, Signature, Time};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;
use xieshang::store::bundle::{
    BundleError, BundleHeader, adopt_packs, index_bundle, parse_header, quarantine, write_bundle,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Runs git in `dir` with no system or user configuration (HOME is a temp dir).
fn git_run(home: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "advice.detachedHead=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env_remove("GIT_DIR")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .output()
        .unwrap()
}

fn git_ok(home: &Path, dir: &Path, args: &[&str]) -> String {
    let o = git_run(home, dir, args);
    assert!(
        o.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn contract(i: u32) -> String {
    let mut s = String::from("# 工资专项集体合同\n\n");
    for clause in 0..40 {
        s.push_str(&format!(
            "第{clause}条 职工月平均工资增长幅度为百分之{}，企业按月足额支付。\n",
            if clause == i % 40 { i + 3 } else { 3 }
        ));
    }
    s
}

/// A source repository: six commits on `main` (CJK `contract.md`, `dossier.json`), an annotated
/// tag `v1` on the second, a lightweight tag `light` on the fourth, a branch `base` on the third.
struct Source {
    _tmp: TempDir,
    home: PathBuf,
    dir: PathBuf,
    commits: Vec<Oid>,
    tag_v1: Oid,
}

fn commit_files(repo: &Repository, files: &[(&str, String)], msg: &str, secs: i64) -> Oid {
    let mut tb = repo.treebuilder(None).unwrap();
    for (name, content) in files {
        let blob = repo.blob(content.as_bytes()).unwrap();
        tb.insert(name, blob, 0o100_644).unwrap();
    }
    let tree = repo.find_tree(tb.write().unwrap()).unwrap();
    let sig = Signature::new("t", "t@t", &Time::new(1_700_000_000 + secs, 480)).unwrap();
    let parent = repo
        .head()
        .ok()
        .and_then(|h| h.target())
        .map(|o| repo.find_commit(o).unwrap());
    let parents: Vec<_> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &parents)
        .unwrap()
}

fn source() -> Source {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir(&home).unwrap();
    let dir = tmp.path().join("src");
    let repo = Repository::init(&dir).unwrap();
    repo.set_head("refs/heads/main").unwrap();
    let mut commits = Vec::new();
    for i in 0..6u32 {
        let files = [
            ("contract.md", contract(i)),
            (
                "dossier.json",
                format!("{{\"id\":\"dl-2026\",\"round\":{i},\"企业\":\"大连海运机械\"}}\n"),
            ),
        ];
        commits.push(commit_files(
            &repo,
            &files,
            &format!("第{i}轮协商\n\n正文"),
            i64::from(i) * 60,
        ));
    }
    let sig = Signature::new("t", "t@t", &Time::new(1_700_001_000, 480)).unwrap();
    let v1 = repo
        .tag(
            "v1",
            &repo.find_object(commits[1], None).unwrap(),
            &sig,
            "第一稿",
            false,
        )
        .unwrap();
    repo.reference("refs/tags/light", commits[3], false, "")
        .unwrap();
    repo.reference("refs/heads/base", commits[2], false, "")
        .unwrap();
    // The worktree matches HEAD, so `git` sees a clean repository.
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    Source {
        _tmp: tmp,
        home,
        dir,
        commits,
        tag_v1: v1,
    }
}

impl Source {
    fn repo(&self) -> Repository {
        Repository::open(&self.dir).unwrap()
    }
    fn tip(&self) -> Oid {
        *self.commits.last().unwrap()
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.parent().unwrap().join(name)
    }
    /// A clone holding only `base` (the third commit): what an earlier sync left.
    fn base_clone(&self, name: &str) -> PathBuf {
        let dst = self.path(name);
        git_ok(
            &self.home,
            self.dir.parent().unwrap(),
            &[
                "clone",
                "--quiet",
                "--no-local",
                "--single-branch",
                "--branch",
                "base",
                "--no-tags",
                self.dir.to_str().unwrap(),
                dst.to_str().unwrap(),
            ],
        );
        dst
    }
}

/// Everything a bad bundle must leave alone: the objects (counted), the refs, and the names in
/// `objects/` and `objects/pack/` (no staging directory left behind, no new pack).
/// (object count, refs with their targets, names under `objects/`).
type Snapshot = (usize, Vec<(String, Option<Oid>)>, Vec<String>);

fn snapshot(repo: &Repository) -> Snapshot {
    let mut n = 0;
    repo.odb()
        .unwrap()
        .foreach(|_| {
            n += 1;
            true
        })
        .unwrap();
    let mut refs: Vec<_> = repo
        .references()
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            (r.name().unwrap().to_string(), r.target())
        })
        .collect();
    refs.sort();
    let objects = repo.path().join("objects");
    let mut names = Vec::new();
    for d in [objects.clone(), objects.join("pack")] {
        if let Ok(rd) = fs::read_dir(&d) {
            for e in rd {
                names.push(e.unwrap().path().display().to_string());
            }
        }
    }
    names.sort();
    (n, refs, names)
}

fn all_refs(s: &Source) -> Vec<(String, Oid)> {
    let repo = s.repo();
    vec![
        ("HEAD".to_string(), s.tip()),
        ("refs/heads/main".to_string(), s.tip()),
        ("refs/heads/base".to_string(), s.commits[2]),
        ("refs/tags/v1".to_string(), s.tag_v1),
        (
            "refs/tags/light".to_string(),
            repo.refname_to_id("refs/tags/light").unwrap(),
        ),
    ]
}

fn list_heads(s: &Source, dir: &Path, file: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = git_ok(
        &s.home,
        dir,
        &["bundle", "list-heads", file.to_str().unwrap()],
    )
    .lines()
    .map(|l| {
        let (oid, name) = l.split_once(' ').unwrap();
        (name.to_string(), oid.to_string())
    })
    .collect();
    v.sort();
    v
}

/// The number of objects in a pack's `.idx` (version 2: the last fan-out entry).
fn idx_count(idx: &Path) -> u32 {
    let b = fs::read(idx).unwrap();
    assert_eq!(&b[..4], b"\xfftOc");
    let at = 8 + 255 * 4;
    u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
}

fn packs(objects_pack: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = fs::read_dir(objects_pack)
        .map(|rd| {
            rd.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Writing: git reads what we write
// ---------------------------------------------------------------------------------------------

#[test]
fn a_full_bundle_verifies_and_clones_with_git() {
    let s = source();
    let refs = all_refs(&s);
    let out = s.path("full.bundle");
    let (header, size) = write_bundle(&s.repo(), &refs, &[], &out).unwrap();
    let bytes = fs::read(&out).unwrap();
    assert_eq!(size, bytes.len() as u64);
    assert_eq!(parse_header(&bytes).unwrap(), header);
    assert!(bytes.starts_with(b"# v2 git bundle\n"));
    assert!(header.prerequisites.is_empty());
    assert_eq!(header.refs.len(), refs.len());
    // No temp file left beside it.
    let beside: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".xieshang-tmp-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");

    // `git bundle verify` in an empty repository: no prerequisites needed.
    let empty = s.path("empty");
    git_ok(
        &s.home,
        s.dir.parent().unwrap(),
        &["init", "--quiet", empty.to_str().unwrap()],
    );
    let o = git_run(
        &s.home,
        &empty,
        &["bundle", "verify", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let mut want: Vec<_> = refs
        .iter()
        .map(|(n, o)| (n.clone(), o.to_string()))
        .collect();
    want.sort();
    assert_eq!(list_heads(&s, &empty, &out), want);

    // `git clone` gives the same files and HEAD commit; fsck finds nothing wrong.
    let cloned = s.path("cloned");
    git_ok(
        &s.home,
        s.dir.parent().unwrap(),
        &[
            "clone",
            "--quiet",
            out.to_str().unwrap(),
            cloned.to_str().unwrap(),
        ],
    );
    assert_eq!(
        git_ok(&s.home, &cloned, &["rev-parse", "HEAD"]).trim(),
        s.tip().to_string()
    );
    assert_eq!(
        fs::read_to_string(cloned.join("contract.md")).unwrap(),
        contract(5)
    );
    assert_eq!(
        fs::read(cloned.join("dossier.json")).unwrap(),
        fs::read(s.dir.join("dossier.json")).unwrap()
    );
    assert_eq!(
        git_ok(&s.home, &cloned, &["rev-parse", "v1^{tag}"]).trim(),
        s.tag_v1.to_string()
    );
    git_ok(&s.home, &cloned, &["fsck", "--strict", "--no-progress"]);

    // And we read our own bundle back into an empty repository.
    let target = Repository::init_bare(s.path("ours.git")).unwrap();
    let read = index_bundle(&target, &out).unwrap();
    assert_eq!(read, header);
    for (_, oid) in &refs {
        target.find_object(*oid, None).unwrap();
    }
    assert_eq!(target.references().unwrap().count(), 0, "no ref is updated");
}

#[test]
fn an_incremental_bundle_verifies_in_a_clone_holding_the_prerequisite() {
    let s = source();
    let base = s.commits[2];
    let refs = vec![
        ("refs/heads/main".to_string(), s.tip()),
        ("refs/tags/light".to_string(), s.commits[3]),
        ("refs/tags/v1".to_string(), s.tag_v1),
    ];
    let out = s.path("incr.bundle");
    let (header, _) = write_bundle(&s.repo(), &refs, &[base], &out).unwrap();
    // The boundary commit, with its subject as git writes it.
    assert_eq!(header.prerequisites, vec![(base, "第2轮协商".to_string())]);
    // `v1` tags the second commit, which the receiver already has: left out, as is any ref
    // whose commit `since` excludes (git would keep an annotated tag; see `write_bundle`).
    let written: Vec<_> = header.refs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(written, ["refs/heads/main", "refs/tags/light"]);
    let refs = &refs[..2];

    let clone = s.base_clone("clone");
    let o = git_run(
        &s.home,
        &clone,
        &["bundle", "verify", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut want: Vec<_> = refs
        .iter()
        .map(|(n, o)| (n.clone(), o.to_string()))
        .collect();
    want.sort();
    assert_eq!(list_heads(&s, &clone, &out), want);

    // Without the prerequisite git refuses it: the prerequisite line is real.
    let empty = s.path("empty");
    git_ok(
        &s.home,
        s.dir.parent().unwrap(),
        &["init", "--quiet", empty.to_str().unwrap()],
    );
    assert!(
        !git_run(
            &s.home,
            &empty,
            &["bundle", "verify", out.to_str().unwrap()]
        )
        .status
        .success()
    );

    // Fetching from it gives the tip with every object (fsck is clean).
    git_ok(
        &s.home,
        &clone,
        &[
            "fetch",
            "--quiet",
            out.to_str().unwrap(),
            "refs/heads/main:refs/heads/got",
        ],
    );
    assert_eq!(
        git_ok(&s.home, &clone, &["rev-parse", "got"]).trim(),
        s.tip().to_string()
    );
    git_ok(&s.home, &clone, &["fsck", "--no-progress"]);

    // The pack holds only what is new: fewer objects than the full history's.
    let pack_count = |h: &BundleHeader, f: &Path| {
        let b = fs::read(f).unwrap();
        u32::from_be_bytes(b[h.pack_offset + 8..h.pack_offset + 12].try_into().unwrap())
    };
    let full = s.path("full.bundle");
    let (fh, _) = write_bundle(&s.repo(), refs, &[], &full).unwrap();
    assert!(pack_count(&header, &out) < pack_count(&fh, &full));
}

#[test]
fn a_ref_excluded_by_since_is_left_out_and_nothing_new_is_an_error() {
    let s = source();
    let refs = vec![
        ("refs/heads/main".to_string(), s.tip()),
        ("refs/heads/base".to_string(), s.commits[2]),
    ];
    let out = s.path("x.bundle");
    let (header, _) = write_bundle(&s.repo(), &refs, &[s.commits[3]], &out).unwrap();
    assert_eq!(header.refs.len(), 1);
    assert_eq!(header.refs[0].name, "refs/heads/main");
    let r = write_bundle(
        &s.repo(),
        &[("refs/heads/base".to_string(), s.commits[2])],
        &[s.tip()],
        &s.path("y.bundle"),
    );
    assert!(matches!(r, Err(BundleError::NothingToBundle)), "{r:?}");
    assert!(!s.path("y.bundle").exists());
    let bad = write_bundle(
        &s.repo(),
        &[("refs/heads/../x".to_string(), s.tip())],
        &[],
        &s.path("z.bundle"),
    );
    assert!(
        matches!(bad, Err(BundleError::BadRefName { .. })),
        "{bad:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Reading: we read what git writes
// ---------------------------------------------------------------------------------------------

#[test]
fn index_a_git_all_bundle() {
    let s = source();
    let f = s.path("all.bundle");
    git_ok(
        &s.home,
        &s.dir,
        &["bundle", "create", f.to_str().unwrap(), "--all"],
    );
    let target = Repository::init_bare(s.path("target.git")).unwrap();
    let before = snapshot(&target);
    let header = index_bundle(&target, &f).unwrap();
    let names: Vec<_> = header.refs.iter().map(|r| r.name.as_str()).collect();
    assert!(
        names.contains(&"HEAD") && names.contains(&"refs/tags/v1"),
        "{names:?}"
    );
    for r in &header.refs {
        target.find_object(r.oid, None).unwrap();
    }
    let tree = target.find_commit(s.tip()).unwrap().tree().unwrap();
    let blob = tree
        .get_name("contract.md")
        .unwrap()
        .to_object(&target)
        .unwrap();
    assert_eq!(blob.as_blob().unwrap().content(), contract(5).as_bytes());
    let after = snapshot(&target);
    assert_eq!(after.1, before.1, "refs unchanged");
    assert!(after.0 > before.0);
    assert!(
        !after.2.iter().any(|n| n.contains(".xieshang-tmp-")),
        "staging removed: {:?}",
        after.2
    );
    // Indexing the same bundle again is harmless: the same pack (named by its checksum) is kept.
    index_bundle(&target, &f).unwrap();
    assert_eq!(snapshot(&target), after);
}

/// `git bundle create f base..main` writes a thin pack (deltas against blobs the receiver has);
/// libgit2's indexer completes it from the receiver's objects.
#[test]
fn index_a_thin_incremental_git_bundle() {
    let s = source();
    let f = s.path("incr.bundle");
    git_ok(
        &s.home,
        &s.dir,
        &["bundle", "create", f.to_str().unwrap(), "base..main"],
    );
    let clone = s.base_clone("clone");
    let target = Repository::open(&clone).unwrap();
    let refs_before = snapshot(&target).1;
    let header = index_bundle(&target, &f).unwrap();
    assert_eq!(header.prerequisites.len(), 1);
    assert_eq!(header.prerequisites[0].0, s.commits[2]);
    target.find_commit(s.tip()).unwrap();
    assert_eq!(snapshot(&target).1, refs_before);

    // Thin: the stored pack holds more objects than the bundle's (the appended delta bases).
    let bytes = fs::read(&f).unwrap();
    let off = header.pack_offset;
    let declared = u32::from_be_bytes(bytes[off + 8..off + 12].try_into().unwrap());
    let idx = packs(&clone.join(".git/objects/pack"), "idx");
    let newest = idx.iter().map(|p| idx_count(p)).collect::<Vec<_>>();
    assert!(
        newest.iter().any(|&n| n > declared),
        "no pack grew beyond the bundle's {declared} objects: {newest:?}"
    );
    // git agrees the repository is whole once a ref points at the tip.
    git_ok(
        &s.home,
        &clone,
        &["update-ref", "refs/heads/got", &s.tip().to_string()],
    );
    git_ok(&s.home, &clone, &["fsck", "--no-progress"]);
}

#[test]
fn quarantine_then_adopt() {
    let s = source();
    let f = s.path("incr.bundle");
    git_ok(
        &s.home,
        &s.dir,
        &["bundle", "create", f.to_str().unwrap(), "base..main"],
    );
    let clone = s.base_clone("real");
    let real = Repository::open(&clone).unwrap();
    let before = snapshot(&real);

    let q = quarantine(Some(real.path()), &s.path("q.git")).unwrap();
    assert!(q.is_bare());
    // The quarantine sees the real objects (so the prerequisite is found) …
    q.find_commit(s.commits[2]).unwrap();
    index_bundle(&q, &f).unwrap();
    q.find_commit(s.tip()).unwrap();
    // … and the real repository has not changed.
    assert_eq!(snapshot(&real), before);
    assert!(real.find_commit(s.tip()).is_err());

    adopt_packs(&q, &real).unwrap();
    real.find_commit(s.tip()).unwrap();
    assert!(packs(&q.path().join("objects/pack"), "pack").is_empty());
    assert_eq!(snapshot(&real).1, before.1, "refs unchanged");
    git_ok(
        &s.home,
        &clone,
        &["update-ref", "refs/heads/got", &s.tip().to_string()],
    );
    git_ok(&s.home, &clone, &["fsck", "--no-progress"]);

    // Without a real repository: a plain bare repository, no alternates.
    let lone = quarantine(None, &s.path("lone.git")).unwrap();
    assert!(!lone.path().join("objects/info/alternates").exists());
    assert!(lone.find_commit(s.commits[2]).is_err());
}

// ---------------------------------------------------------------------------------------------
// Bad bundles: refused, and the receiver is unchanged
// ---------------------------------------------------------------------------------------------

/// Writes `bytes` as a bundle, indexes it into `target`, checks the receiver did not change, and
/// returns the error.
fn refused(s: &Source, target: &Repository, name: &str, bytes: &[u8]) -> BundleError {
    let f = s.path(name);
    fs::write(&f, bytes).unwrap();
    let before = snapshot(target);
    let err = index_bundle(target, &f).unwrap_err();
    assert_eq!(snapshot(target), before, "{name}: the receiver changed");
    err
}

fn full_git_bundle(s: &Source) -> (Vec<u8>, BundleHeader) {
    let f = s.path("all.bundle");
    git_ok(
        &s.home,
        &s.dir,
        &["bundle", "create", f.to_str().unwrap(), "--all"],
    );
    let bytes = fs::read(&f).unwrap();
    let header = parse_header(&bytes).unwrap();
    (bytes, header)
}

#[test]
fn truncated_and_malformed_bundles_are_refused() {
    let s = source();
    let (bytes, header) = full_git_bundle(&s);
    let target = Repository::open(s.base_clone("target")).unwrap();
    let off = header.pack_offset;

    let e = refused(&s, &target, "cut-header", &bytes[..off - 5]);
    assert!(matches!(e, BundleError::Truncated { .. }), "{e:?}");
    let e = refused(&s, &target, "cut-trailer", &bytes[..bytes.len() - 7]);
    assert!(matches!(e, BundleError::BadPack { .. }), "{e:?}");
    let mid = off + (bytes.len() - off) * 2 / 3;
    let e = refused(&s, &target, "cut-pack", &bytes[..mid]);
    assert!(
        matches!(
            e,
            BundleError::BadPack { .. } | BundleError::ImplausiblePack { .. }
        ),
        "{e:?}"
    );
    // A flipped byte inside the pack: the checksum or an inflate fails.
    let mut flipped = bytes.clone();
    flipped[off + 40] ^= 0x55;
    let e = refused(&s, &target, "flipped", &flipped);
    assert!(matches!(e, BundleError::BadPack { .. }), "{e:?}");

    let mut sig = bytes.clone();
    sig[3] = b'9';
    let e = refused(&s, &target, "sig", &sig);
    assert!(matches!(e, BundleError::BadSignature { .. }), "{e:?}");

    let rest = &bytes[b"# v2 git bundle\n".len()..];
    let mut v3 = b"# v3 git bundle\n@object-format=sha256\n".to_vec();
    v3.extend_from_slice(rest);
    let e = refused(&s, &target, "v3-sha256", &v3);
    assert!(
        matches!(e, BundleError::UnsupportedCapability { .. }),
        "{e:?}"
    );
    let mut v3ok = b"# v3 git bundle\n@object-format=sha1\n".to_vec();
    v3ok.extend_from_slice(rest);
    fs::write(s.path("v3-sha1"), &v3ok).unwrap();
    assert_eq!(
        index_bundle(&target, &s.path("v3-sha1")).unwrap().version,
        3
    );

    // A ref line naming `refs/heads/../x`.
    let text = String::from_utf8_lossy(&bytes[..off]).into_owned();
    let bad_name = text.replacen("refs/heads/main", "refs/heads/../x", 1);
    let mut b = bad_name.into_bytes();
    b.extend_from_slice(&bytes[off..]);
    let e = refused(&s, &target, "bad-name", &b);
    assert!(matches!(e, BundleError::BadRefName { .. }), "{e:?}");

    // A tip that nothing brings.
    let ghost = text.replacen(
        &s.tip().to_string(),
        "1111111111111111111111111111111111111111",
        1,
    );
    let mut b = ghost.into_bytes();
    b.extend_from_slice(&bytes[off..]);
    let e = refused(&s, &target, "ghost-tip", &b);
    assert!(matches!(e, BundleError::MissingTip { .. }), "{e:?}");
}

#[test]
fn a_missing_prerequisite_is_named() {
    let s = source();
    let f = s.path("incr.bundle");
    git_ok(
        &s.home,
        &s.dir,
        &["bundle", "create", f.to_str().unwrap(), "base..main"],
    );
    let target = Repository::init_bare(s.path("empty.git")).unwrap();
    let e = refused(&s, &target, "incr2.bundle", &fs::read(&f).unwrap());
    match e {
        BundleError::MissingPrerequisites { oids } => assert_eq!(oids, vec![s.commits[2]]),
        other => panic!("{other:?}"),
    }
}

// Hand-made packs -------------------------------------------------------------------------------

/// SHA-1 (for a pack's trailer): the tests must write packs git and libgit2 would accept byte
/// for byte, except for the one lie each test tells.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64) * 8;
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes(block[i * 4..i * 4 + 4].try_into().unwrap());
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[test]
fn the_test_sha1_is_sha1() {
    assert_eq!(
        Oid::from_bytes(&sha1(b"blob 5\0hello")).unwrap(),
        Oid::hash_object(ObjectType::Blob, b"hello").unwrap()
    );
    let long = vec![b'x'; 1000];
    let mut framed = b"blob 1000\0".to_vec();
    framed.extend_from_slice(&long);
    assert_eq!(
        Oid::from_bytes(&sha1(&framed)).unwrap(),
        Oid::hash_object(ObjectType::Blob, &long).unwrap()
    );
}

/// A pack object header: type in bits 4–6 of the first byte, the size as a little-endian
/// base-128 varint (4 bits in the first byte).
fn object_header(kind: u8, mut size: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut c = (kind << 4) | (size & 0x0f) as u8;
    size >>= 4;
    while size > 0 {
        out.push(c | 0x80);
        c = (size & 0x7f) as u8;
        size >>= 7;
    }
    out.push(c);
    out
}

/// A zlib stream holding `data` in one stored (uncompressed) block.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let len = data.len() as u16;
    let mut out = vec![0x78, 0x01, 0x01];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn pack_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut p = b"PACK".to_vec();
    p.extend_from_slice(&2u32.to_be_bytes());
    p.extend_from_slice(&(objects.len() as u32).to_be_bytes());
    for o in objects {
        p.extend_from_slice(o);
    }
    let sum = sha1(&p);
    p.extend_from_slice(&sum);
    p
}

fn bundle_of(tip: Oid, pack: &[u8]) -> Vec<u8> {
    let mut b = format!("# v2 git bundle\n{tip} refs/heads/main\n\n").into_bytes();
    b.extend_from_slice(pack);
    b
}

const BLOB: u8 = 3;

#[test]
fn a_well_formed_hand_made_pack_is_accepted() {
    // The helpers are right: the same construction with a true size is indexed.
    let s = source();
    let target = Repository::init_bare(s.path("t.git")).unwrap();
    let data = "你好，协商".as_bytes();
    let mut obj = object_header(BLOB, data.len() as u64);
    obj.extend_from_slice(&zlib_stored(data));
    let oid = Oid::hash_object(ObjectType::Blob, data).unwrap();
    let f = s.path("ok.bundle");
    fs::write(&f, bundle_of(oid, &pack_of(&[obj]))).unwrap();
    index_bundle(&target, &f).unwrap();
    assert_eq!(target.find_blob(oid).unwrap().content(), data);
    // The smallest object there is (an empty blob: 9 bytes) passes the object-count check.
    let mut empty = object_header(BLOB, 0);
    // zlib's own output for no data: header, one fixed-Huffman end-of-block, Adler-32.
    empty.extend_from_slice(&[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    assert_eq!(empty.len(), 9);
    let oid = Oid::hash_object(ObjectType::Blob, b"").unwrap();
    let f = s.path("empty.bundle");
    fs::write(&f, bundle_of(oid, &pack_of(&[empty]))).unwrap();
    index_bundle(&target, &f).unwrap();
}

#[test]
fn a_pack_declaring_four_billion_objects_is_refused() {
    let s = source();
    let target = Repository::init_bare(s.path("t.git")).unwrap();
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&4_000_000_000u32.to_be_bytes());
    pack.extend_from_slice(&[0u8; 200]);
    let e = refused(&s, &target, "many", &bundle_of(s.tip(), &pack));
    assert!(
        matches!(
            e,
            BundleError::ImplausiblePack {
                count: 4_000_000_000,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn an_object_declaring_a_huge_size_is_refused_without_allocating_it() {
    let s = source();
    let target = Repository::init_bare(s.path("t.git")).unwrap();
    // 2^40 bytes declared, five inflated; and just over the limit, which a careless reader
    // could well allocate.
    for (name, declared) in [("tera", 1u64 << 40), ("over", (256u64 << 20) + 1)] {
        let mut obj = object_header(BLOB, declared);
        obj.extend_from_slice(&zlib_stored(b"hello"));
        let e = refused(&s, &target, name, &bundle_of(s.tip(), &pack_of(&[obj])));
        match e {
            BundleError::ObjectTooLarge { size, .. } => assert_eq!(size, declared),
            other => panic!("{name}: {other:?}"),
        }
    }
    // Under the limit but not the size it declares: refused when read back.
    let mut obj = object_header(BLOB, 100);
    obj.extend_from_slice(&zlib_stored(b"hello"));
    let e = refused(&s, &target, "liar", &bundle_of(s.tip(), &pack_of(&[obj])));
    assert!(matches!(e, BundleError::BadPack { .. }), "{e:?}");
}

#[test]
fn a_pack_missing_a_commits_tree_is_refused() {
    let s = source();
    let src = s.repo();
    let mut pb = src.packbuilder().unwrap();
    pb.insert_object(s.commits[0], None).unwrap();
    let mut buf = git2::Buf::new();
    pb.write_buf(&mut buf).unwrap();
    let target = Repository::init_bare(s.path("t.git")).unwrap();
    let e = refused(&s, &target, "no-tree", &bundle_of(s.commits[0], &buf));
    match e {
        BundleError::Incomplete { oid, missing } => {
            assert_eq!(oid, s.commits[0]);
            assert_eq!(missing, src.find_commit(s.commits[0]).unwrap().tree_id());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_oversized_file_or_not_a_file_is_refused_before_reading() {
    let s = source();
    let target = Repository::init_bare(s.path("t.git")).unwrap();
    let f = s.path("big.bundle");
    let file = fs::File::create(&f).unwrap();
    // Sparse: no disk used, and never read.
    file.set_len(xieshang::store::bundle::MAX_BUNDLE_BYTES + 1)
        .unwrap();
    let before = snapshot(&target);
    let e = index_bundle(&target, &f).unwrap_err();
    assert!(matches!(e, BundleError::TooLarge { .. }), "{e:?}");
    // Nor a folder, nor a FIFO (opening one would wait for a writer).
    let e = index_bundle(&target, s.dir.parent().unwrap()).unwrap_err();
    assert!(matches!(e, BundleError::BadPath { .. }), "{e:?}");
    let fifo = s.path("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let e = index_bundle(&target, &fifo).unwrap_err();
    assert!(matches!(e, BundleError::BadPath { .. }), "{e:?}");
    assert_eq!(snapshot(&target), before);
}

/// The delta header's sizes: little-endian base-128.
fn delta_varint(mut n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// An offset delta against the object `back` bytes earlier, whose delta data claims the given
/// base and result sizes and inserts five bytes.
fn ofs_delta(back: u8, base_size: u64, result_size: u64) -> Vec<u8> {
    assert!(back < 0x80);
    let mut delta = delta_varint(base_size);
    delta.extend_from_slice(&delta_varint(result_size));
    delta.push(5);
    delta.extend_from_slice(b"world");
    let mut obj = object_header(6, delta.len() as u64);
    obj.push(back);
    obj.extend_from_slice(&zlib_stored(&delta));
    obj
}

#[test]
fn deltas_on_lying_sizes_are_refused_without_allocating_them() {
    let s = source();
    let target = Repository::init_bare(s.path("t.git")).unwrap();
    // A base declaring 2^40 bytes, and a delta on it (libgit2 inflates a delta base whole).
    let mut base = object_header(BLOB, 1 << 40);
    base.extend_from_slice(&zlib_stored(b"hello"));
    let delta = ofs_delta(base.len() as u8, 1 << 40, 5);
    let e = refused(
        &s,
        &target,
        "huge-base",
        &bundle_of(s.tip(), &pack_of(&[base, delta])),
    );
    assert!(
        matches!(
            e,
            BundleError::BadPack { .. } | BundleError::ObjectTooLarge { .. }
        ),
        "{e:?}"
    );
    // An honest base and a delta claiming a 2^40-byte result.
    let mut base = object_header(BLOB, 5);
    base.extend_from_slice(&zlib_stored(b"hello"));
    let delta = ofs_delta(base.len() as u8, 5, 1 << 40);
    let e = refused(
        &s,
        &target,
        "huge-result",
        &bundle_of(s.tip(), &pack_of(&[base, delta])),
    );
    assert!(
        matches!(
            e,
            BundleError::BadPack { .. } | BundleError::ObjectTooLarge { .. }
        ),
        "{e:?}"
    );
    // Just over our limit but under libgit2's own (2 GiB): ours refuses it.
    let mut base = object_header(BLOB, 5);
    base.extend_from_slice(&zlib_stored(b"hello"));
    let delta = ofs_delta(base.len() as u8, 5, (256 << 20) + 1);
    let e = refused(
        &s,
        &target,
        "over-result",
        &bundle_of(s.tip(), &pack_of(&[base, delta])),
    );
    assert!(
        matches!(
            e,
            BundleError::BadPack { .. } | BundleError::ObjectTooLarge { .. }
        ),
        "{e:?}"
    );
}

/// `since` on a side branch: the receiver is only known to have the prerequisite (the fork
/// point), so a blob that `since`'s tree shares with the new commits must still be in the pack.
#[test]
fn since_on_a_side_branch_still_brings_shared_objects() {
    let s = source();
    let repo = s.repo();
    let fork = repo.find_commit(s.commits[2]).unwrap();
    // The side commit's contract is the one main reaches two commits later.
    let mut tb = repo.treebuilder(None).unwrap();
    tb.insert(
        "contract.md",
        repo.blob(contract(4).as_bytes()).unwrap(),
        0o100_644,
    )
    .unwrap();
    let tree = repo.find_tree(tb.write().unwrap()).unwrap();
    let sig = Signature::new("t", "t@t", &Time::new(1_700_002_000, 480)).unwrap();
    let side = repo
        .commit(Some("refs/heads/side"), &sig, &sig, "旁支", &tree, &[&fork])
        .unwrap();
    let out = s.path("side.bundle");
    let (header, _) = write_bundle(
        &repo,
        &[("refs/heads/main".to_string(), s.tip())],
        &[side],
        &out,
    )
    .unwrap();
    assert_eq!(header.prerequisites.len(), 1);
    assert_eq!(header.prerequisites[0].0, s.commits[2]);
    let clone = s.base_clone("clone");
    git_ok(
        &s.home,
        &clone,
        &[
            "fetch",
            "--quiet",
            out.to_str().unwrap(),
            "refs/heads/main:refs/heads/got",
        ],
    );
    git_ok(
        &s.home,
        &clone,
        &["fsck", "--no-progress", "--connectivity-only"],
    );
    let shared = Oid::hash_object(ObjectType::Blob, contract(4).as_bytes()).unwrap();
    git_ok(&s.home, &clone, &["cat-file", "-e", &shared.to_string()]);
    // And we index it too, into the same kind of receiver.
    let clone2 = s.base_clone("clone2");
    let target = Repository::open(&clone2).unwrap();
    index_bundle(&target, &out).unwrap();
    target.find_blob(shared).unwrap();
}

/// The quarantine on another file system (here `/dev/shm`, when it is one): the packs are
/// copied, fsynced and renamed into place instead of renamed.
#[test]
fn adopt_across_file_systems() {
    use std::os::unix::fs::MetadataExt;
    let shm = Path::new("/dev/shm");
    let s = source();
    let dev = |p: &Path| fs::metadata(p).map(|m| m.dev()).ok();
    if dev(shm).is_none() || dev(shm) == dev(&s.dir) {
        eprintln!("no second file system at /dev/shm: skipped");
        return;
    }
    let f = s.path("incr.bundle");
    git_ok(
        &s.home,
        &s.dir,
        &["bundle", "create", f.to_str().unwrap(), "base..main"],
    );
    let real = Repository::open(s.base_clone("real")).unwrap();
    let qdir = tempfile::tempdir_in(shm).unwrap();
    let q = quarantine(Some(real.path()), &qdir.path().join("q.git")).unwrap();
    index_bundle(&q, &f).unwrap();
    adopt_packs(&q, &real).unwrap();
    real.find_commit(s.tip()).unwrap();
    assert!(packs(&q.path().join("objects/pack"), "pack").is_empty());
    let names: Vec<_> = fs::read_dir(real.path().join("objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".xieshang-tmp-")),
        "{names:?}"
    );
}
