//! Parity: the same actions through the CLI binary and through the TUI's own path (keys →
//! `app::update` → effects → the worker's services) give the same dossier.json, the same
//! contract.md, the same tags on the same commits, and the same commit messages (subjects and
//! `Xieshang-Event` trailers).
//!
//! The table below is meant to grow: a new feature adds its action to [`Act`] (how the CLI says
//! it and how a person at the screen does it) and a sequence that uses it.

use crate::common::git;
use std::path::{Path, PathBuf};
use std::process::Command;
use xieshang::app::form::Form;
use xieshang::app::keymap::Key;
use xieshang::app::{Action, App, EditTarget, Effect, Modal, Screen, dispatch, new_editor, update};
use xieshang::domain::procedure::Step;
use xieshang::i18n::Lang;
use xieshang::ui::store_services::StoreServices;
use xieshang::ui::worker::Services;

const TODAY: &str = "2026-04-20";

/// One user action, said the way both shells say it.
#[derive(Clone, Debug)]
enum Act {
    New(&'static str, &'static str),
    Rep {
        name: &'static str,
        side: &'static str,
        post: &'static str,
        chief: bool,
    },
    RemoveRep(&'static str, &'static str),
    Recorder(&'static str),
    Instructor(&'static str),
    Offer {
        sent: &'static str,
        received: &'static str,
        topics: &'static str,
    },
    Reply(&'static str),
    Refuse(&'static str, &'static str),
    Agenda(&'static str),
    Task(&'static str),
    DataProvided(&'static str),
    OpenRound(&'static str, &'static str, &'static str),
    Position(&'static str, &'static str, &'static str),
    NewIssue(&'static str, &'static str),
    Agree(&'static str, &'static str),
    Withdraw(&'static str),
    Notes(&'static str),
    Close,
    Suspend(&'static str, &'static str),
    /// One term typed in the Terms form (the others left as they were).
    Term(&'static str, &'static str),
    /// The draft from the template of the dossier's kind.
    Template(&'static str),
    Edit(usize, &'static str),
    Insert(usize, &'static str),
    Delete(usize),
    MoveDown(usize),
    DraftSigned(&'static str),
    Submit(&'static str),
    Opinion(&'static str, &'static str),
    Decide(&'static str, &'static str),
    Congress {
        date: &'static str,
        total: &'static str,
        present: &'static str,
        votes_for: &'static str,
    },
    Sign(&'static str),
    File(&'static str, &'static str),
    Review(&'static str),
    Publish(&'static str),
}

/// The whole bargaining up to the draft, reused by several sequences.
fn to_the_table() -> Vec<Act> {
    use Act::*;
    vec![
        New("wage", "大连同步机械有限公司"),
        Rep {
            name: "王秀兰",
            side: "workers",
            post: "工会主席",
            chief: true,
        },
        Rep {
            name: "刘建军",
            side: "workers",
            post: "班组长",
            chief: false,
        },
        Rep {
            name: "陈国栋",
            side: "employer",
            post: "总经理",
            chief: true,
        },
        Rep {
            name: "李明",
            side: "employer",
            post: "人力资源部经理",
            chief: false,
        },
        Recorder("马晓雯"),
        Instructor("孙海燕"),
        Offer {
            sent: "2026-03-02",
            received: "2026-03-03",
            topics: "工资增长，最低工资",
        },
        Reply("2026-03-13"),
        Agenda("平均工资增长，企业最低工资"),
        Task("rules"),
        Task("data"),
        DataProvided("2026-03-16"),
        OpenRound("2026-03-25", "workers", "三楼会议室"),
        Position("平均工资增长", "workers", "8%"),
        Position("平均工资增长", "employer", "3%"),
        Position("企业最低工资", "workers", "2300元"),
        Position("企业最低工资", "employer", "2000元"),
        Notes("企业方介绍上年度经营情况。"),
        Close,
    ]
}

fn whole_bargaining() -> Vec<Act> {
    use Act::*;
    let mut v = to_the_table();
    v.extend([
        Term("increase", "6.5%"),
        Term("min_wage", "2150"),
        Template("wage"),
        OpenRound("2026-04-08", "employer", "三楼会议室"),
        Position("平均工资增长", "workers", "6.5%"),
        Position("平均工资增长", "employer", "6.5%"),
        Agree("平均工资增长", "6.5%"),
        Agree("企业最低工资", "2150元"),
        Close,
        Edit(3, "企业按月足额支付工资，不得克扣。"),
        DraftSigned("2026-04-10"),
        Submit("2026-04-11"),
        Opinion("第三条", "建议明确支付日期。"),
        Decide("pass", "2026-04-14"),
        Congress {
            date: "2026-04-16",
            total: "100",
            present: "90",
            votes_for: "80",
        },
        Sign("2026-04-17"),
        File("2026-04-18", "2026-04-20"),
        Review("2026-05-06"),
        Publish("2026-05-15"),
    ]);
    v
}

fn table() -> Vec<(&'static str, Vec<Act>)> {
    use Act::*;
    let with = |extra: Vec<Act>| {
        let mut v = to_the_table();
        v.extend(extra);
        v
    };
    vec![
        ("whole bargaining", whole_bargaining()),
        ("to the table", to_the_table()),
        (
            "clause edits",
            with(vec![
                Template("wage"),
                Edit(2, "本合同适用于企业全体职工，包括劳务派遣工。"),
                Insert(4, "企业应当按照本合同第五条的约定调整工资。"),
                Delete(6),
                MoveDown(1),
                Edit(7, "第一款\n第二款"),
            ]),
        ),
        (
            "a suspended round",
            with(vec![
                OpenRound("2026-04-01", "employer", ""),
                Position("平均工资增长", "workers", "7%"),
                Suspend("2026-04-15", "二楼会议室"),
                OpenRound("2026-04-15", "workers", "二楼会议室"),
                Close,
            ]),
        ),
        (
            "representatives changed",
            vec![
                New("wage", "沈阳代表变更有限公司"),
                Rep {
                    name: "张三",
                    side: "workers",
                    post: "职工",
                    chief: false,
                },
                Rep {
                    name: "张三",
                    side: "workers",
                    post: "车间主任",
                    chief: true,
                },
                Rep {
                    name: "李四",
                    side: "employer",
                    post: "",
                    chief: false,
                },
                RemoveRep("李四", "employer"),
                Rep {
                    name: "王五",
                    side: "employer",
                    post: "厂长",
                    chief: true,
                },
            ],
        ),
        (
            "issues withdrawn and added",
            with(vec![
                OpenRound("2026-04-02", "workers", ""),
                NewIssue("高温津贴", "每月200元"),
                Withdraw("企业最低工资"),
                Position("企业最低工资", "employer", "2050元"),
                Close,
            ]),
        ),
        (
            "the request refused",
            vec![
                New("comprehensive", "鞍山拒绝协商有限公司"),
                Offer {
                    sent: "2026-03-02",
                    received: "2026-03-04",
                    topics: "综合集体合同",
                },
                Refuse("2026-03-20", "企业经营困难"),
            ],
        ),
        (
            "sent back by the pre-review",
            with(vec![
                Template("wage"),
                DraftSigned("2026-04-01"),
                Submit("2026-04-02"),
                Opinion("第五条", "增幅低于指导线基准线。"),
                Decide("return", "2026-04-06"),
                OpenRound("2026-04-08", "workers", ""),
                Position("平均工资增长", "employer", "5%"),
                Close,
            ]),
        ),
        (
            "terms one at a time",
            vec![
                New("wage", "大连条件逐项有限公司"),
                Term("increase", "5%"),
                Term("min_wage", "2100"),
                Term("increase", "5.5%"),
                Term("term", "2y"),
            ],
        ),
        (
            "a congress below quorum",
            with(vec![
                Template("wage"),
                DraftSigned("2026-04-01"),
                Congress {
                    date: "2026-04-10",
                    total: "100",
                    present: "60",
                    votes_for: "55",
                },
            ]),
        ),
        (
            "a women workers' contract",
            vec![
                New("women", "营口女职工权益有限公司"),
                Rep {
                    name: "赵敏",
                    side: "workers",
                    post: "女职工委员会主任",
                    chief: true,
                },
                Template("women"),
                Delete(1),
            ],
        ),
        (
            "refused input leaves nothing",
            vec![
                New("wage", "大连拒收输入有限公司"),
                Offer {
                    sent: "2026-03-05",
                    received: "2026-03-04",
                    topics: "送达早于发出",
                },
                Reply("2026-03-01"),
                Task("rules"),
            ],
        ),
    ]
}

/// Runs `acts` through the CLI binary in `root`.
fn run_cli(root: &Path, acts: &[Act]) {
    let mut id = String::new();
    for a in acts {
        let args: Vec<String> = cli_args(a, &id);
        let out = Command::new(env!("CARGO_BIN_EXE_xieshang"))
            .arg("--workspace")
            .arg(root)
            .args(["--lang", "zh-CN", "--today", TODAY])
            .args(&args)
            .env("HOME", root.parent().unwrap_or(root))
            .env("XDG_CONFIG_HOME", root.parent().unwrap_or(root))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        if let Act::New(..) = a {
            assert!(out.status.success(), "{a:?}: {out:?}");
            id = String::from_utf8(out.stdout).unwrap().trim().to_string();
        }
    }
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_string()).collect()
}

fn cli_args(a: &Act, id: &str) -> Vec<String> {
    use Act::*;
    match a {
        New(kind, name) => s(&["new", "--kind", kind, "--enterprise", name]),
        Rep {
            name,
            side,
            post,
            chief,
        } => {
            let mut v = s(&["rep", id, "--name", name, "--side", side]);
            if !post.is_empty() {
                v.extend(s(&["--post", post]));
            }
            if *chief {
                v.push("--chief".into());
            }
            v
        }
        RemoveRep(name, side) => s(&["rep", id, "--name", name, "--side", side, "--remove"]),
        Recorder(n) => s(&["recorder", id, n]),
        Instructor(n) => s(&["instructor", id, n]),
        Offer {
            sent,
            received,
            topics,
        } => s(&[
            "offer",
            id,
            "--by",
            "workers",
            "--sent",
            sent,
            "--received",
            received,
            "--topics",
            topics,
        ]),
        Reply(d) => s(&["reply", id, "--date", d]),
        Refuse(d, why) => s(&["reply", id, "--date", d, "--refuse", why]),
        Agenda(items) => {
            let mut v = s(&["prep", id]);
            for i in items.split('，') {
                v.extend(s(&["--agenda", i]));
            }
            v
        }
        Task(t) if ["rules", "data", "opinions", "agenda", "venue"].contains(t) => {
            s(&["prep", id, t])
        }
        Task(t) => s(&["prep", id, "--wage-data", t]),
        DataProvided(d) => s(&["prep", id, "--data-provided", d]),
        OpenRound(d, chair, place) => {
            let mut v = s(&["round", id, "open", "--date", d, "--chair", chair]);
            if !place.is_empty() {
                v.extend(s(&["--place", place]));
            }
            v
        }
        Position(issue, side, value) => s(&[
            "round", id, "position", "--issue", issue, "--side", side, "--value", value,
        ]),
        NewIssue(issue, value) => s(&[
            "round", id, "position", "--issue", issue, "--side", "workers", "--value", value,
        ]),
        Agree(issue, value) => s(&["round", id, "agree", "--issue", issue, "--value", value]),
        Withdraw(issue) => s(&["round", id, "withdraw", "--issue", issue]),
        Notes(t) => s(&["round", id, "note", "--text", t]),
        Close => s(&["round", id, "close", "--minutes-signed"]),
        Suspend(until, place) => s(&[
            "round",
            id,
            "close",
            "--suspend-until",
            until,
            "--next-place",
            place,
        ]),
        Term(k, v) => vec!["terms".into(), id.into(), format!("{k}={v}")],
        Template(kind) => s(&["draft", id, "--template", kind, "--force"]),
        Edit(n, text) => s(&["clause", id, "edit", &n.to_string(), "--text", text]),
        Insert(after, text) => s(&[
            "clause",
            id,
            "insert",
            "--after",
            &after.to_string(),
            "--text",
            text,
        ]),
        Delete(n) => s(&["clause", id, "delete", &n.to_string()]),
        MoveDown(n) => s(&[
            "clause",
            id,
            "move",
            &n.to_string(),
            "--after",
            &(n + 1).to_string(),
        ]),
        DraftSigned(d) => s(&["draft-signed", id, "--date", d]),
        Submit(d) => s(&["prereview", id, "--submitted", d]),
        Opinion(c, t) => s(&["prereview", id, "--clause", c, "--opinion", t]),
        Decide(k, d) => s(&["prereview", id, "--decision", k, "--date", d]),
        Congress {
            date,
            total,
            present,
            votes_for,
        } => s(&[
            "congress",
            id,
            "--date",
            date,
            "--total",
            total,
            "--present",
            present,
            "--for",
            votes_for,
            "--against",
            "0",
            "--abstain",
            "0",
        ]),
        Sign(d) => s(&["sign", id, "--date", d]),
        File(sent, received) => s(&[
            "file",
            id,
            "--sent",
            sent,
            "--received",
            received,
            "--package",
            "text",
        ]),
        Review(d) => s(&["review", id, "--date", d, "--no-objection"]),
        Publish(d) => s(&["publish", id, "--date", d]),
    }
}

/// The TUI side: the app and the worker's services, effects run until the app is idle.
struct Tui {
    app: App,
    services: StoreServices,
}

impl Tui {
    fn new(root: &Path) -> Tui {
        let day = xieshang::domain::values::parse_date("today", TODAY).unwrap();
        let mut t = Tui {
            app: App::new(Lang::ZhCn, day),
            services: StoreServices::new(root.to_path_buf(), Lang::ZhCn, day),
        };
        let fx = t.app.start();
        t.run(fx);
        t
    }

    /// As the runtime does: effects become requests with ids, the worker answers each, the
    /// answers go back through `update` — until the app asks for nothing more.
    fn run(&mut self, mut fx: Vec<Effect>) {
        while !fx.is_empty() {
            let (requests, local) = dispatch(&mut self.app, fx);
            assert!(local.is_empty(), "{local:?}");
            let mut next = Vec::new();
            for r in requests {
                let event = self.services.handle(r.effect).unwrap();
                next.extend(update(&mut self.app, Action::Reply { id: r.id, event }));
            }
            fx = next;
        }
        assert_eq!(self.app.busy(), 0, "every request answered");
    }

    fn key(&mut self, k: Key) {
        let fx = update(&mut self.app, Action::Key(k));
        self.run(fx);
    }

    fn keys(&mut self, ks: &[Key]) {
        for k in ks {
            self.key(*k);
        }
    }

    fn on_step(&mut self, step: Step) {
        self.app.screen = Screen::Dossier;
        self.app.pane = 0;
        self.app.modals.clear();
        self.app.dossier.step = Step::ALL.iter().position(|s| *s == step).unwrap();
        self.app.dossier.item = 0;
    }

    fn on_table(&mut self, issue: &str) {
        self.app.screen = Screen::Table;
        self.app.pane = 0;
        let i = self
            .app
            .shown_round()
            .and_then(|r| r.issues.iter().position(|x| x.key == issue))
            .unwrap_or(0);
        self.app.table.issue = i;
    }

    fn on_draft(&mut self, clause: usize) {
        self.app.screen = Screen::Draft;
        self.app.pane = 0;
        self.app.draft.clause = clause;
    }

    /// Fills the open form's fields by id and submits it with Enter.
    fn fill(&mut self, values: &[(&str, &str)]) {
        let Some(Modal::Form(f)) = self.app.modals.last_mut() else {
            panic!("no form open: {:?}", self.app.modal().is_some())
        };
        for (id, v) in values {
            set(f, id, v);
        }
        self.key(Key::Enter);
        // A date after today is asked about once; the CLI takes it as typed, so confirm.
        if let Some(Modal::Form(f)) = self.app.modal()
            && f.future_ok
            && f.future_date().is_some()
        {
            self.key(Key::Enter);
        }
        // A refused form stays open with its message; a person would press Esc.
        if matches!(self.app.modal(), Some(Modal::Form(_))) {
            self.key(Key::Esc);
        }
    }

    /// Writes `text` into the in-place editor and saves it with Ctrl-S.
    fn editor(&mut self, target: EditTarget, text: &str) {
        self.app.push_modal(Modal::Editor(new_editor(target, text)));
        self.key(Key::Ctrl('s'));
    }

    fn act(&mut self, a: &Act) {
        use Act::*;
        match a {
            New(kind, name) => {
                self.app.screen = Screen::Home;
                self.key(Key::Char('n'));
                self.fill(&[("enterprise", name), ("kind", kind)]);
            }
            Rep {
                name,
                side,
                post,
                chief,
            } => {
                self.on_step(Step::Representatives);
                self.key(Key::Char('a'));
                self.fill(&[
                    ("name", name),
                    ("side", side),
                    ("post", post),
                    ("chief", if *chief { "y" } else { "" }),
                ]);
            }
            RemoveRep(name, side) => {
                self.on_step(Step::Representatives);
                let i = self
                    .app
                    .open
                    .as_ref()
                    .and_then(|l| {
                        l.dossier
                            .representatives
                            .iter()
                            .position(|r| r.name == *name && r.side.key() == *side)
                    })
                    .unwrap();
                self.app.pane = 1;
                self.app.dossier.item = i;
                // They left: the day asked opens on today, as the CLI's default.
                self.keys(&[Key::Char('x'), Key::Char('y'), Key::Enter]);
            }
            Recorder(n) => {
                self.on_step(Step::Representatives);
                self.key(Key::Char('E'));
                self.fill(&[("recorder", n)]);
            }
            Instructor(n) => {
                self.on_step(Step::Representatives);
                self.key(Key::Char('i'));
                self.fill(&[("instructor", n)]);
            }
            Offer {
                sent,
                received,
                topics,
            } => {
                self.on_step(Step::Offer);
                self.key(Key::Char('e'));
                self.fill(&[
                    ("by", "workers"),
                    ("sent", sent),
                    ("received", received),
                    ("topics", topics),
                ]);
            }
            Reply(d) => {
                self.on_step(Step::Offer);
                self.key(Key::Char('E'));
                self.fill(&[("date", d), ("refuse", "")]);
            }
            Refuse(d, why) => {
                self.on_step(Step::Offer);
                self.key(Key::Char('E'));
                self.fill(&[("date", d), ("refuse", why)]);
            }
            Agenda(items) => {
                self.on_step(Step::Preparation);
                self.key(Key::Char('a'));
                self.fill(&[("agenda", items)]);
            }
            Task(t) => {
                self.on_step(Step::Preparation);
                let i = xieshang::app::prep_entries()
                    .iter()
                    .position(|e| match e {
                        xieshang::app::PrepEntry::Task(x) => x.key() == *t,
                        xieshang::app::PrepEntry::Factor(x) => x.key() == *t,
                    })
                    .unwrap();
                self.app.pane = 1;
                self.app.dossier.item = i;
                self.key(Key::Char(' '));
                self.fill(&[]);
            }
            DataProvided(d) => {
                self.on_step(Step::Preparation);
                self.key(Key::Char('e'));
                self.fill(&[("data_provided", d)]);
            }
            OpenRound(d, chair, place) => {
                self.on_step(Step::Rounds);
                self.key(Key::Char('e'));
                self.fill(&[("date", d), ("chair", chair), ("place", place)]);
            }
            Position(issue, side, value) => {
                self.on_table(issue);
                self.key(Key::Char(if *side == "workers" { 'w' } else { 'e' }));
                self.fill(&[("issue", issue), ("value", value)]);
            }
            NewIssue(issue, value) => {
                self.on_table("");
                self.key(Key::Char('i'));
                self.fill(&[("issue", issue), ("value", value)]);
            }
            Agree(issue, value) => {
                self.on_table(issue);
                self.key(Key::Char('a'));
                self.fill(&[("issue", issue), ("value", value)]);
            }
            Withdraw(issue) => {
                self.on_table(issue);
                self.keys(&[Key::Char('x'), Key::Char('y')]);
            }
            Notes(t) => {
                self.on_table("");
                self.key(Key::Char('N'));
                self.fill(&[("notes", t)]);
            }
            Close => {
                self.on_table("");
                self.key(Key::Char('c'));
                self.fill(&[("minutes_signed", "y")]);
            }
            Suspend(until, place) => {
                self.on_table("");
                self.key(Key::Char('s'));
                self.fill(&[("suspend_until", until), ("place", place), ("content", "")]);
            }
            Term(k, v) => {
                self.on_step(Step::Draft);
                self.key(Key::Char('e'));
                self.fill(&[(k, v)]);
            }
            Template(_) => {
                self.on_draft(0);
                self.key(Key::Char('t'));
                if matches!(self.app.modal(), Some(Modal::Confirm(_))) {
                    self.key(Key::Char('y'));
                }
            }
            Edit(n, text) => {
                self.on_draft(n - 1);
                self.editor(EditTarget::Clause(n - 1), text);
            }
            Insert(after, text) => {
                self.on_draft(*after);
                self.editor(EditTarget::Insert { after: *after }, text);
            }
            Delete(n) => {
                self.on_draft(n - 1);
                self.keys(&[Key::Char('x'), Key::Char('y')]);
            }
            MoveDown(n) => {
                self.on_draft(n - 1);
                self.key(Key::Char('J'));
            }
            DraftSigned(d) => {
                self.on_step(Step::Draft);
                self.key(Key::Char('E'));
                self.fill(&[("date", d)]);
            }
            Submit(d) => {
                self.on_step(Step::PreReview);
                self.key(Key::Char('e'));
                self.fill(&[("submitted", d), ("decision", "")]);
            }
            Opinion(c, t) => {
                self.on_step(Step::PreReview);
                self.key(Key::Char('o'));
                self.fill(&[("clause", c), ("opinion", t)]);
            }
            Decide(k, d) => {
                self.on_step(Step::PreReview);
                self.key(Key::Char('e'));
                self.fill(&[("decision", k), ("decided", d)]);
            }
            Congress {
                date,
                total,
                present,
                votes_for,
            } => {
                self.on_step(Step::Congress);
                self.key(Key::Char('e'));
                self.fill(&[
                    ("date", date),
                    ("total", total),
                    ("present", present),
                    ("for", votes_for),
                ]);
            }
            Sign(d) => {
                self.on_step(Step::Signing);
                self.key(Key::Char('e'));
                self.fill(&[("date", d)]);
            }
            File(sent, received) => {
                self.on_step(Step::Filing);
                self.key(Key::Char('e'));
                self.fill(&[("sent", sent), ("received", received), ("text", "y")]);
            }
            Review(d) => {
                self.on_step(Step::Effect);
                self.key(Key::Char('e'));
                self.fill(&[("date", d)]);
            }
            Publish(d) => {
                self.on_step(Step::Effect);
                self.key(Key::Char('E'));
                self.fill(&[("date", d)]);
            }
        }
    }
}

fn set(f: &mut Form, id: &str, v: &str) {
    let field = f
        .fields
        .iter_mut()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("form has no field {id}"));
    field.value = v.to_string();
    field.cursor = v.chars().count();
}

/// What must be equal: per dossier, its files and each commit's message and tags, oldest first.
fn state(root: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut ids: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("dossier.json").is_file())
        .collect();
    ids.sort();
    for dir in ids {
        let mut lines = vec![
            std::fs::read_to_string(dir.join("dossier.json")).unwrap(),
            std::fs::read_to_string(dir.join("contract.md")).unwrap_or_default(),
        ];
        let log = git(&dir, &["log", "--reverse", "--format=%B%n[%D]%n----"]);
        lines.extend(log.split("----\n").map(|c| {
            // Tags only: `HEAD -> main` is not a tag.
            c.replace("HEAD -> main, ", "").replace("HEAD -> main", "")
        }));
        out.push((
            dir.file_name().unwrap().to_string_lossy().into_owned(),
            lines,
        ));
    }
    out
}

/// The first place two states differ, line by line, for a readable failure.
fn first_difference(a: &[(String, Vec<String>)], b: &[(String, Vec<String>)]) -> String {
    if a.len() != b.len() {
        return format!("dossiers: CLI {:?} / TUI {:?}", ids(a), ids(b));
    }
    for ((ia, la), (ib, lb)) in a.iter().zip(b) {
        if ia != ib {
            return format!("ids: CLI {ia} / TUI {ib}");
        }
        let (ja, jb) = (la.join("\n"), lb.join("\n"));
        for (n, (x, y)) in ja.lines().zip(jb.lines()).enumerate() {
            if x != y {
                return format!("{ia} line {n}:\n  CLI {x}\n  TUI {y}");
            }
        }
        if ja.lines().count() != jb.lines().count() {
            return format!(
                "{ia}: CLI {} lines, TUI {} lines; CLI tail {:?} / TUI tail {:?}",
                ja.lines().count(),
                jb.lines().count(),
                ja.lines().rev().take(6).collect::<Vec<_>>(),
                jb.lines().rev().take(6).collect::<Vec<_>>()
            );
        }
    }
    String::new()
}

fn ids(s: &[(String, Vec<String>)]) -> Vec<&str> {
    s.iter().map(|(i, _)| i.as_str()).collect()
}

fn user_holidays(root: &Path) {
    // A user's own calendar: 4–5 May 2026 declared rest days as well (the built-in data says
    // workdays), so the review period, and so the effective date, move in both shells alike.
    let dir = root.join("regions").join("holidays");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2026.json"),
        r#"{"year": 2026, "source": "本工作区自定", "holidays": ["2026-01-01", "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05", "2026-05-06", "2026-05-07", "2026-05-08", "2026-05-11", "2026-05-12"], "workdays": []}"#,
    )
    .unwrap();
}

#[test]
fn the_cli_and_the_tui_record_the_same_bargaining() {
    let mut failures = Vec::new();
    for (name, acts) in table() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("cli"), t.path().join("tui"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        if name == "whole bargaining" {
            user_holidays(&a);
            user_holidays(&b);
        }
        run_cli(&a, &acts);
        let mut tui = Tui::new(&b);
        for act in &acts {
            tui.act(act);
        }
        let (sa, sb) = (state(&a), state(&b));
        assert!(!sa.is_empty(), "{name}: nothing recorded");
        // Every act is one commit, except the refused ones, which leave nothing.
        let commits = sa[0]
            .1
            .iter()
            .filter(|l| l.contains("Xieshang-Event:"))
            .count();
        let expected = if name == "refused input leaves nothing" {
            2
        } else {
            acts.len()
        };
        assert_eq!(commits, expected, "{name}: commits");
        if sa != sb {
            failures.push(format!("{name}:\n{}", first_difference(&sa, &sb)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The whole bargaining gets somewhere real: signed, effective, with the round and milestone
/// tags — so parity is not the agreement of two shells that both did nothing.
#[test]
fn the_whole_bargaining_reaches_publication_with_its_tags() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("ws");
    std::fs::create_dir_all(&root).unwrap();
    user_holidays(&root);
    let mut tui = Tui::new(&root);
    for act in &whole_bargaining() {
        tui.act(act);
    }
    let st = state(&root);
    let (_, lines) = &st[0];
    let d: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(d["publication"]["date"], "2026-05-15");
    // Received 20 April; the fifteenth day, 5 May, is a rest day, and the user's calendar makes
    // 6–8 and 11–12 May rest days too (9–10 May is a weekend): the period ends on 13 May and the
    // contract takes effect on 14 May — not 7 May, as the built-in calendar would count.
    assert_eq!(d["effective"], "2026-05-14");
    let all = lines.join("\n");
    for tag in [
        "round-1",
        "round-2",
        "draft",
        "congress",
        "signed",
        "filed",
        "effective",
    ] {
        assert!(all.contains(tag), "tag {tag} missing");
    }
    assert!(
        all.contains("Xieshang-Event: round.closed round=2"),
        "{all}"
    );
}
