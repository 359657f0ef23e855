//! The command-line grammar (clap derive). Values stay strings here: parsing and validation happen
//! in the library so errors are phrased once, in the user's language.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// xieshang (协商): a workbench for collective wage bargaining. Without a subcommand: the TUI.
#[derive(Parser, Debug)]
#[command(name = "xieshang", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The workspace of dossiers (default: ./sessions, or $XIESHANG_WORKSPACE).
    #[arg(long, global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Language: zh-CN (default) or en.
    #[arg(long, global = true, value_name = "zh-CN|en")]
    pub lang: Option<String>,
    /// Judge as of this date instead of the system date (YYYY-MM-DD).
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Create the workspace (and the demo dossier if it is empty).
    Init,
    /// This workspace's union: show it, or set it (name, code, the person working, role).
    Union {
        #[command(subcommand)]
        action: Option<UnionAction>,
    },
    /// A dossier's remotes: list them, or add one (a path, file://, git://, ssh://, user@host:path).
    Remote {
        id: String,
        #[command(subcommand)]
        action: Option<RemoteAction>,
    },
    /// Send a dossier to a remote: the grassroots union its record, draft and tags; a reviewing
    /// union its pre-review branch.
    Push {
        id: String,
        /// The remote (default: the only one, or origin).
        remote: Option<String>,
    },
    /// Fetch a dossier from a remote and merge what the other side owns.
    Fetch {
        id: String,
        /// The remote (default: the only one, or origin).
        remote: Option<String>,
    },
    /// Templates and region data published by the union one level up: show what is followed,
    /// or fetch it (from URL the first time).
    Data {
        #[command(subcommand)]
        action: Option<DataAction>,
    },
    /// The enterprise registry: import it from CSV, list it matched to dossiers.
    Enterprises(super::registry::EnterprisesArgs),
    /// The archive of agreements: search, due, stats, reindex.
    Archive(super::archive::ArchiveArgs),
    /// Attach a scan (the signed agreement, the congress resolution, the filing receipt).
    Attach(super::attach::AttachArgs),
    /// List a dossier's attachments, or open one with the system viewer.
    Attachments(super::attach::AttachmentsArgs),
    /// The procedure's papers as DOCX or PDF: one (offer, reply, minutes --round N, resolution,
    /// contract, opinion, filing, note) or --all.
    Export(super::export::ExportArgs),
    /// The reviewer's inbox: dossiers received from the unions below, with waiting time, checks,
    /// decision and what became of the opinions.
    Inbox {
        #[arg(long)]
        json: bool,
        /// Only this union's dossiers.
        #[arg(long)]
        union: Option<String>,
        /// pending, decided or all (default).
        #[arg(long, default_value = "all")]
        state: String,
        /// waiting (default), received, union or enterprise.
        #[arg(long, default_value = "waiting")]
        sort: String,
    },
    /// Write a dossier to a bundle file for offline exchange (a standard git bundle: `git bundle
    /// verify` accepts it, `git clone FILE` gives the dossier).
    Bundle {
        id: String,
        file: std::path::PathBuf,
        /// Only what came after this version (a tag like round-2, or a commit).
        #[arg(long)]
        since: Option<String>,
    },
    /// Take in a bundle file (from xieshang or `git bundle create`): a new dossier, or an update
    /// merged as fetch merges it.
    Import { file: std::path::PathBuf },
    /// Take in a dossier from another union (the reviewing union): URL of its repository.
    Clone {
        url: String,
        /// The sending union's code, when the dossier does not name it.
        #[arg(long)]
        union: Option<String>,
    },
    /// Build the demo dossier (a Dalian manufacturer's wage bargaining, three rounds).
    Demo,
    /// Start a new dossier; prints its id.
    New(NewArgs),
    /// List dossiers: id, enterprise, kind, current step, next deadline.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one dossier.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The dossier's history (commits, tags).
    Log {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Judge the dossier against every rule; exit 1 on any error-severity finding.
    Check {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Prove a dossier unaltered: working files against the last commit, the signed text and
    /// facts against the seal and its witness, tags against the history, objects present;
    /// exit 1 on any finding.
    Verify {
        /// The dossier (or --all).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Every dossier in the workspace.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Set an enterprise detail: name, credit_code, industry, union_name, union_chair, legal_representative.
    Enterprise {
        id: String,
        key: String,
        value: String,
    },
    /// Add or update a representative (or remove one with --remove).
    Rep(RepArgs),
    /// Name the recorder (记录员).
    Recorder { id: String, name: String },
    /// Add an instructor (指导员).
    Instructor { id: String, name: String },
    /// Record the written bargaining request (要约).
    Offer(OfferArgs),
    /// Record the written reply to the request.
    Reply {
        id: String,
        #[arg(long)]
        date: String,
        /// Refuse, with the reason given.
        #[arg(long, value_name = "REASON")]
        refuse: Option<String>,
    },
    /// Preparation: tasks done (rules, data, opinions, agenda, venue), wage data, agenda items.
    Prep(PrepArgs),
    /// What each side's position costs a month and a year, the gap and the package.
    Cost {
        id: String,
        /// The round to cost (default: the last).
        #[arg(long)]
        round: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Region data: minimum wages by tier and date, with their sources.
    Region {
        #[command(subcommand)]
        action: super::cost::RegionAction,
    },
    /// A bargaining round: open, position, agree, withdraw, note, close.
    Round {
        id: String,
        #[command(subcommand)]
        action: RoundAction,
    },
    /// Agreed terms, typed: increase=6.5% min_wage=2100 overtime=150% term=1 start=2026-01-01 …
    Terms {
        id: String,
        #[arg(required = true, value_name = "KEY=VALUE")]
        pairs: Vec<String>,
    },
    /// The draft signed by both chiefs (GR 34).
    DraftSigned {
        id: String,
        #[arg(long)]
        date: String,
    },
    /// Pre-review by the union one level up.
    Prereview(PrereviewArgs),
    /// Answers an opinion of the pre-review (the grassroots union)
    Answer(AnswerArgs),
    /// The workers' congress vote.
    Congress(CongressArgs),
    /// Signing by both chief representatives.
    Sign {
        id: String,
        #[arg(long)]
        date: String,
        /// The seals were not affixed.
        #[arg(long)]
        no_seals: bool,
    },
    /// Filing with the labour administration.
    File(FileArgs),
    /// The administration's review: no objection, or an objection (审查意见书).
    Review(ReviewArgs),
    /// Publication to both sides.
    Publish {
        id: String,
        #[arg(long)]
        date: String,
    },
    /// Record an amendment to a signed contract.
    Amend {
        id: String,
        #[arg(long)]
        date: String,
        /// What the amendment is (变更事项).
        #[arg(long)]
        text: String,
        /// A clause it rewrites, as N=NEW TEXT; repeat for several.
        #[arg(long = "clause", value_name = "N=TEXT")]
        clauses: Vec<String>,
        /// The date the workers' congress approved it, where needed.
        #[arg(long)]
        approved: Option<String>,
    },
    /// Correct a recorded fact with a reason; the old value is kept in the history.
    Correct {
        id: String,
        /// The fact: offer.sent, round.2.date, filing.registration_no …
        #[arg(long)]
        what: String,
        /// Its correct value.
        #[arg(long, allow_hyphen_values = true)]
        value: String,
        /// Why it is corrected.
        #[arg(long)]
        reason: String,
    },
    /// The draft contract: create from a template or import a file; --show prints it.
    Draft(DraftArgs),
    /// Edit the draft clause by clause, with renumbering.
    Clause {
        id: String,
        #[command(subcommand)]
        action: ClauseAction,
    },
    /// What changed, clause by clause, between two versions or two files.
    Diff(DiffArgs),
}

#[derive(Args, Debug)]
pub(crate) struct NewArgs {
    /// wage | comprehensive | safety | women
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub enterprise: String,
    /// Administrative division code (default 210200, Dalian).
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub staff: Option<String>,
    #[arg(long)]
    pub women: Option<String>,
    #[arg(long)]
    pub union_members: Option<String>,
    #[arg(long)]
    pub industry: Option<String>,
    #[arg(long)]
    pub high_risk: bool,
    /// An area or sector contract (区域性/行业性).
    #[arg(long)]
    pub area: bool,
}

#[derive(Args, Debug)]
pub(crate) struct RepArgs {
    pub id: String,
    /// workers | employer
    #[arg(long)]
    pub side: String,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub post: Option<String>,
    #[arg(long)]
    pub chief: bool,
    #[arg(long)]
    pub outsider: bool,
    #[arg(long)]
    pub female: bool,
    /// A written delegation is on record.
    #[arg(long)]
    pub delegated: bool,
    #[arg(long)]
    pub remove: bool,
    /// With --remove: entered by mistake, so no vacancy is recorded.
    #[arg(long, requires = "remove")]
    pub mistake: bool,
    /// Date of the change (default: today).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct OfferArgs {
    pub id: String,
    /// workers | employer
    #[arg(long)]
    pub by: String,
    #[arg(long)]
    pub sent: String,
    #[arg(long)]
    pub received: String,
    #[arg(long)]
    pub topics: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct PrepArgs {
    pub id: String,
    /// rules | data | opinions | agenda | venue
    pub tasks: Vec<String>,
    /// Wage factors on file (WM 8): labour_cost, guideline, cpi, productivity, last_year_wages.
    #[arg(long = "wage-data", value_delimiter = ',')]
    pub wage_data: Vec<String>,
    /// The date requested data was provided.
    #[arg(long)]
    pub data_provided: Option<String>,
    /// An agenda item (议题); repeat for several.
    #[arg(long)]
    pub agenda: Vec<String>,
    /// Date the tasks were done (default: today).
    #[arg(long)]
    pub date: Option<String>,
    #[command(flatten)]
    pub costing: Box<super::cost::PrepCostingArgs>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum RoundAction {
    /// Open the next round.
    Open {
        #[arg(long)]
        date: String,
        /// workers | employer
        #[arg(long)]
        chair: String,
        #[arg(long)]
        place: Option<String>,
    },
    /// One side's position on an issue.
    Position {
        #[arg(long)]
        issue: String,
        #[arg(long)]
        side: String,
        /// May be negative (`-5%`).
        #[arg(long, allow_hyphen_values = true)]
        value: String,
        /// The unit of a new issue: percent | yuan_month | yuan_year | days | text (default: from its name).
        #[arg(long)]
        unit: Option<String>,
    },
    /// Both sides agree on an issue.
    Agree {
        #[arg(long)]
        issue: String,
        #[arg(long, allow_hyphen_values = true)]
        value: String,
    },
    /// Take an issue off the table.
    Withdraw {
        #[arg(long)]
        issue: String,
    },
    /// Remove an issue added by mistake (none of the earlier rounds holds a position on it).
    RemoveIssue {
        #[arg(long)]
        issue: String,
    },
    /// Rename an issue of the round at the table; its positions in every round go with it.
    RenameIssue {
        /// Its current name.
        #[arg(long)]
        issue: String,
        /// Its new name.
        #[arg(long)]
        to: String,
        /// Why (optional; shown in the history).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Notes and attendance.
    Note {
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        present: Vec<String>,
    },
    /// Close the round, or suspend it (中止) until a date.
    Close {
        #[arg(long)]
        suspend_until: Option<String>,
        #[arg(long)]
        next_place: Option<String>,
        #[arg(long)]
        next_content: Option<String>,
        /// The minutes were signed by both chiefs.
        #[arg(long)]
        minutes_signed: bool,
    },
}

#[derive(Args, Debug)]
pub(crate) struct PrereviewArgs {
    pub id: String,
    #[arg(long)]
    pub submitted: Option<String>,
    /// pass | changes | return
    #[arg(long)]
    pub decision: Option<String>,
    #[arg(long)]
    pub date: Option<String>,
    /// When the reviewing union received the dossier
    #[arg(long)]
    pub received: Option<String>,
    /// An opinion on a clause: --clause 第五条 --opinion TEXT
    #[arg(long, requires = "opinion")]
    pub clause: Option<String>,
    #[arg(long, requires = "clause")]
    pub opinion: Option<String>,
    /// Withdraws opinion N
    #[arg(long)]
    pub withdraw: Option<String>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum UnionAction {
    /// Set the workspace's union (once; again to change it).
    Set {
        /// The union's name, e.g. 大连市总工会.
        #[arg(long)]
        name: String,
        /// Its code (letters, digits, - and _), e.g. 210200: names folders and branches.
        #[arg(long)]
        code: String,
        /// The person working here; commits are authored by them.
        #[arg(long)]
        person: String,
        /// grassroots (bargains), reviewer (pre-reviews the unions below) or both.
        #[arg(long, default_value = "grassroots")]
        role: String,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum DataAction {
    /// Fetch the published data (a git repository with templates/, regions/, publisher.json).
    Fetch { url: Option<String> },
}

#[derive(Subcommand, Debug)]
pub(crate) enum RemoteAction {
    /// Add (or re-point) a remote.
    Add { name: String, url: String },
}

#[derive(Args, Debug)]
pub(crate) struct AnswerArgs {
    pub id: String,
    /// The opinion's number (as `show` lists them)
    #[arg(long)]
    pub opinion: String,
    /// What the grassroots union says to it
    #[arg(long)]
    pub text: String,
}

#[derive(Args, Debug)]
pub(crate) struct CongressArgs {
    pub id: String,
    #[arg(long, allow_hyphen_values = true)]
    pub date: String,
    #[arg(long, allow_hyphen_values = true)]
    pub total: String,
    #[arg(long, allow_hyphen_values = true)]
    pub present: String,
    #[arg(long = "for", allow_hyphen_values = true)]
    pub votes_for: String,
    #[arg(long, allow_hyphen_values = true)]
    pub against: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub abstain: Option<String>,
    /// An all-staff meeting (职工大会) rather than a congress of delegates.
    #[arg(long)]
    pub all_staff: bool,
}

#[derive(Args, Debug)]
pub(crate) struct FileArgs {
    pub id: String,
    #[arg(long)]
    pub sent: String,
    #[arg(long)]
    pub received: Option<String>,
    #[arg(long)]
    pub registration_no: Option<String>,
    /// Package items: text, explanation, wage_figures, parties, congress_resolution, representatives, minutes.
    #[arg(long, value_delimiter = ',')]
    pub package: Vec<String>,
}

#[derive(Args, Debug)]
pub(crate) struct ReviewArgs {
    pub id: String,
    #[arg(long)]
    pub date: String,
    #[arg(
        long,
        conflicts_with = "objection",
        required_unless_present = "objection"
    )]
    pub no_objection: bool,
    #[arg(long, value_name = "TEXT")]
    pub objection: Option<String>,
    /// The date the contract took effect, when it differs from the one counted from the review
    /// period (for example a date the administration set).
    #[arg(long, value_name = "DATE", conflicts_with = "objection")]
    pub effective: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct DraftArgs {
    pub id: String,
    /// Template name (wage, comprehensive, safety, women, or a file in <workspace>/templates).
    #[arg(long, conflicts_with = "from")]
    pub template: Option<String>,
    /// Import the draft from a file: .docx, .doc, .wps, .odt (the last three through LibreOffice) or text (UTF-8 or GBK).
    #[arg(long)]
    pub from: Option<PathBuf>,
    /// Tracked changes in a Word file: `accept` (default) or `both` (the text before and after them as two versions).
    #[arg(long, requires = "from")]
    pub tracked: Option<String>,
    /// Print the current draft.
    #[arg(long)]
    pub show: bool,
    /// Replace an existing draft (it stays in the history).
    #[arg(long)]
    pub force: bool,
}

#[derive(Subcommand, Debug)]
pub(crate) enum ClauseAction {
    /// Replace clause N's text.
    Edit {
        n: String,
        #[arg(long)]
        text: String,
    },
    /// Insert a clause after clause N (0: at the front).
    Insert {
        #[arg(long)]
        after: String,
        #[arg(long)]
        text: String,
    },
    /// Delete clause N.
    Delete { n: String },
    /// Move clause N after clause M (0: to the front).
    Move {
        n: String,
        #[arg(long)]
        after: String,
    },
}

#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// The dossier (not with --files).
    #[arg(required_unless_present = "files")]
    pub id: Option<String>,
    /// From: round-N, a milestone tag, a commit (default: the latest change of the draft).
    pub from: Option<String>,
    /// To (default: the current draft).
    pub to: Option<String>,
    /// Compare two contract files instead.
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with = "id")]
    pub files: Option<Vec<PathBuf>>,
    /// The current draft against the template it came from (`template`) or the enterprise's
    /// previous signed agreement in this workspace (`previous`).
    #[arg(long, value_name = "template|previous", conflicts_with_all = ["from", "to", "files"])]
    pub against: Option<String>,
    #[arg(long)]
    pub json: bool,
}
