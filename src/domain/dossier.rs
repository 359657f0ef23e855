//! The dossier (档案): the true record of one bargaining, as stored in `dossier.json`.
//!
//! This module owns the data model only: plain serde structs with no behaviour beyond small
//! derived look-ups. Recording facts (with validation) lives in `record`, judging them in `rules`,
//! storing them in `store`. Money is integer fen, percentages basis points, counts integers —
//! never floats — so a figure typed at the table is the figure that is judged and filed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::prereview::{
    ClauseOpinion, EnteredBy, Identity, OpinionAnswer, PreReview, PreReviewDecision, PreReviews,
    Role, UnionRef,
};

/// The `schema_version` this program writes. Older files are migrated on load; newer ones refused.
pub const SCHEMA_VERSION: u32 = 9;

/// The two sides at the table.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Workers,
    Employer,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Workers, Side::Employer];

    pub fn key(self) -> &'static str {
        match self {
            Side::Workers => "workers",
            Side::Employer => "employer",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Workers => Side::Employer,
            Side::Employer => Side::Workers,
        }
    }
}

/// The kind of collective contract (procedure.md §6).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// 工资专项集体合同 / 工资协议
    Wage,
    /// 综合集体合同
    Comprehensive,
    /// 劳动安全卫生专项集体合同
    Safety,
    /// 女职工权益保护专项集体合同
    Women,
}

impl ContractKind {
    pub const ALL: [ContractKind; 4] = [
        ContractKind::Wage,
        ContractKind::Comprehensive,
        ContractKind::Safety,
        ContractKind::Women,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContractKind::Wage => "wage",
            ContractKind::Comprehensive => "comprehensive",
            ContractKind::Safety => "safety",
            ContractKind::Women => "women",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// The enterprise (or, for an area/sector contract, the area or sector) being bargained for.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Enterprise {
    pub name: String,
    /// 统一社会信用代码, 18 characters, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Administrative division code of the region whose data applies (e.g. `210200` Dalian).
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub women_staff: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub union_members: Option<u32>,
    #[serde(default)]
    pub high_risk: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub union_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub union_chair: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
}

/// One bargaining representative (GR 19–24).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Representative {
    pub name: String,
    pub side: Side,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    #[serde(default)]
    pub chief: bool,
    /// An outside professional (GR 23); an instructor at the table counts as one.
    #[serde(default)]
    pub outsider: bool,
    #[serde(default)]
    pub female: bool,
    /// A written delegation is on record (GR 20–21).
    #[serde(default)]
    pub delegated: bool,
}

impl Representative {
    /// Whether the post typed for this representative names the office that leads `side`
    /// without a delegation (GR 20–21): the union chair (`工会主席`, `union chair`) for the
    /// workers, the legal representative (`法定代表人`) for the employer — in either language,
    /// whatever the user's (a post is typed once, in the language of whoever typed it).
    pub fn holds_office(&self, side: Side) -> bool {
        let key = match side {
            Side::Workers => "forms2.post.union_chair",
            Side::Employer => "forms2.post.legal_representative",
        };
        let Some(post) = self.post.as_deref() else {
            return false;
        };
        let post = post.to_lowercase();
        [crate::i18n::Lang::ZhCn, crate::i18n::Lang::En]
            .into_iter()
            .any(|l| post.contains(&crate::i18n::tr(l, key).to_lowercase()))
    }
}

/// A seat that became vacant (GR 31: refill within 15 days).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Vacancy {
    pub side: Side,
    pub name: String,
    pub vacated: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refilled: Option<NaiveDate>,
}

/// The written bargaining request (要约, GR 32).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub by: Side,
    pub sent: NaiveDate,
    pub received: NaiveDate,
    #[serde(default)]
    pub topics: Vec<String>,
}

/// The written reply to the request.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub date: NaiveDate,
    pub accepted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The five preparation tasks of GR 33 (the recorder, the fifth, is its own field).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PrepTask {
    /// 熟悉法律法规和政策
    Rules,
    /// 收集资料
    Data,
    /// 征求职工意见
    Opinions,
    /// 拟定议题
    Agenda,
    /// 确定时间地点
    Venue,
}

impl PrepTask {
    pub const ALL: [PrepTask; 5] = [
        PrepTask::Rules,
        PrepTask::Data,
        PrepTask::Opinions,
        PrepTask::Agenda,
        PrepTask::Venue,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PrepTask::Rules => "rules",
            PrepTask::Data => "data",
            PrepTask::Opinions => "opinions",
            PrepTask::Agenda => "agenda",
            PrepTask::Venue => "venue",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// The wage factors of WM 8 that should be on file before wage bargaining.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum WageFactor {
    /// 地区、行业、企业的人工成本水平及职工平均工资
    LabourCost,
    /// 政府工资指导线、劳动力市场工资指导价位
    Guideline,
    /// 本地区城镇居民消费价格指数
    Cpi,
    /// 企业劳动生产率和经济效益
    Productivity,
    /// 上年度企业工资总额和职工平均工资
    LastYearWages,
}

impl WageFactor {
    pub const ALL: [WageFactor; 5] = [
        WageFactor::LabourCost,
        WageFactor::Guideline,
        WageFactor::Cpi,
        WageFactor::Productivity,
        WageFactor::LastYearWages,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WageFactor::LabourCost => "labour_cost",
            WageFactor::Guideline => "guideline",
            WageFactor::Cpi => "cpi",
            WageFactor::Productivity => "productivity",
            WageFactor::LastYearWages => "last_year_wages",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// Preparation (协商准备, GR 33; WM 8).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Preparation {
    /// Tasks done, with the date each was recorded.
    #[serde(default)]
    pub tasks: BTreeMap<PrepTask, NaiveDate>,
    #[serde(default)]
    pub wage_data: BTreeMap<WageFactor, NaiveDate>,
    /// When the side that asked for data received it (WM: at least 5 days before bargaining).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_provided: Option<NaiveDate>,
    /// The agenda (议题): issue keys, in order.
    #[serde(default)]
    pub agenda: Vec<String>,
    /// What costing works from (schema 6): wages, staff, distribution, CPI, guideline, tier.
    #[serde(default, skip_serializing_if = "super::costing::CostingData::is_empty")]
    pub costing: super::costing::CostingData,
}

impl Preparation {
    /// Whether the WM 8 factor `f` is on file: ticked, or entered as costing data (the
    /// guideline, CPI, productivity growth, last year's average wage or the wage distribution).
    pub fn has_factor(&self, f: WageFactor) -> bool {
        let c = &self.costing;
        self.wage_data.contains_key(&f)
            || match f {
                WageFactor::Guideline => c.guideline.is_some(),
                WageFactor::Cpi => c.cpi_bp.is_some(),
                WageFactor::Productivity => c.productivity_bp.is_some(),
                WageFactor::LastYearWages => c.avg_wage_fen.is_some() || !c.distribution.is_empty(),
                WageFactor::LabourCost => false,
            }
    }
}

/// Where one issue stands within a round.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    #[default]
    Open,
    Agreed,
    Withdrawn,
}

/// One issue (议题) at the table in one round: each side's position and the outcome.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RoundIssue {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    #[serde(default)]
    pub status: IssueStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed: Option<String>,
    /// The unit its positions are in: chosen when the issue was added, else found from its name
    /// (schema 7; older issues get theirs from the migration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<crate::domain::issue::Unit>,
}

impl RoundIssue {
    /// A new issue at the table, in `unit` or the unit its name implies.
    pub fn new(key: &str, unit: Option<crate::domain::issue::Unit>) -> Self {
        RoundIssue {
            key: key.to_string(),
            workers: None,
            employer: None,
            status: IssueStatus::Open,
            agreed: None,
            unit: Some(unit.unwrap_or_else(|| crate::domain::issue::unit_of(key))),
        }
    }

    /// The unit its positions are in.
    pub fn unit(&self) -> crate::domain::issue::Unit {
        self.unit
            .unwrap_or_else(|| crate::domain::issue::unit_of(&self.key))
    }

    pub fn position(&self, side: Side) -> Option<&str> {
        match side {
            Side::Workers => self.workers.as_deref(),
            Side::Employer => self.employer.as_deref(),
        }
    }
}

/// How a round ended, if it has.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RoundState {
    #[default]
    Open,
    Closed {
        date: NaiveDate,
    },
    /// 中止 (GR 35): the agreed date, place and content of the next meeting.
    Suspended {
        until: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<String>,
    },
}

/// One bargaining meeting (协商会议).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Round {
    pub number: u32,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub chair: Side,
    /// Names of those present.
    #[serde(default)]
    pub attendance: Vec<String>,
    #[serde(default)]
    pub issues: Vec<RoundIssue>,
    #[serde(default)]
    pub notes: String,
    /// Minutes signed by both chiefs (and the recorder).
    #[serde(default)]
    pub minutes_signed: bool,
    #[serde(default)]
    pub state: RoundState,
}

impl Round {
    pub fn is_open(&self) -> bool {
        matches!(self.state, RoundState::Open)
    }

    pub fn issue(&self, key: &str) -> Option<&RoundIssue> {
        self.issues.iter().find(|i| i.key == key)
    }

    /// Where the issue `key` names is: the one of that name, else, when `key` is a term's key
    /// or label exactly (`issue::exact_term`), the one that stands for that term
    /// (`issue::term_of`): a position on `increase` lands on the agenda's 平均工资增长, one on
    /// 企业最低工资 on `min_wage` — one issue, never two rows. A longer name (a value typed
    /// into it: 平均工资增长6.5%) is an issue of its own, to be removed.
    pub fn issue_index(&self, key: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.key == key).or_else(|| {
            let term = super::issue::exact_term(key)?;
            self.issues
                .iter()
                .position(|i| super::issue::term_of(&i.key) == Some(term))
        })
    }

    /// The issue `key` names, by name or by the term it stands for (see [`Round::issue_index`]).
    pub fn find_issue(&self, key: &str) -> Option<&RoundIssue> {
        self.issue_index(key).map(|i| &self.issues[i])
    }
}

/// The agreed terms, typed. Every figure is an integer in its unit.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct AgreedTerms {
    /// Average-wage increase, basis points (650 = 6.5 %). May be negative: a cut is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_wage_increase_bp: Option<i32>,
    /// Enterprise minimum wage, fen a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_wage_fen: Option<i64>,
    /// Overtime on extended hours, basis points of the base (15000 = 150 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_extended_bp: Option<u32>,
    /// Overtime on a rest day without time off in lieu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_rest_day_bp: Option<u32>,
    /// Overtime on a statutory holiday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_holiday_bp: Option<u32>,
    /// What the overtime base is (free text, e.g. 「本人上月基本工资」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_base: Option<String>,
    /// Term of the contract in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Last year's average wage, fen a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_year_avg_wage_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_covered: Option<u32>,
    /// Day of the month wages are paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_day: Option<u8>,
    /// Named allowances, fen a month (e.g. 高温津贴).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allowances: BTreeMap<String, i64>,
}

/// 职工代表大会 or 职工大会.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum CongressBody {
    #[default]
    Delegates,
    AllStaff,
}

/// The vote on the draft (GR 36).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Congress {
    pub date: NaiveDate,
    #[serde(default)]
    pub body: CongressBody,
    pub total: u32,
    pub present: u32,
    #[serde(rename = "for")]
    pub votes_for: u32,
    #[serde(default)]
    pub against: u32,
    #[serde(default)]
    pub abstain: u32,
}

/// Signing (GR 37).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Signing {
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers_chief: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer_chief: Option<String>,
    #[serde(default)]
    pub seals: bool,
}

/// The documents of a filing package (GR 43; WM).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FilingItem {
    /// 合同文本
    Text,
    /// 协商情况说明
    Explanation,
    /// 上年度平均工资、本年度调整、覆盖人数 (wage contracts)
    WageFigures,
    /// 主体资格证明
    Parties,
    /// 职代会决议
    CongressResolution,
    /// 协商代表情况及委托书
    Representatives,
    /// 双方首席代表签字的会议记录
    Minutes,
}

impl FilingItem {
    pub const ALL: [FilingItem; 7] = [
        FilingItem::Text,
        FilingItem::Explanation,
        FilingItem::WageFigures,
        FilingItem::Parties,
        FilingItem::CongressResolution,
        FilingItem::Representatives,
        FilingItem::Minutes,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FilingItem::Text => "text",
            FilingItem::Explanation => "explanation",
            FilingItem::WageFigures => "wage_figures",
            FilingItem::Parties => "parties",
            FilingItem::CongressResolution => "congress_resolution",
            FilingItem::Representatives => "representatives",
            FilingItem::Minutes => "minutes",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// Filing with the labour administration (GR 42–44).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Filing {
    pub sent: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_no: Option<String>,
    #[serde(default)]
    pub package: Vec<FilingItem>,
}

/// The administration's review (GR 45–47).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReviewOutcome {
    NoObjection,
    /// 审查意见书
    Objection {
        text: String,
    },
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub date: NaiveDate,
    #[serde(flatten)]
    pub outcome: ReviewOutcome,
}

/// Publication to each side (GR 48).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub date: NaiveDate,
}

/// An earlier pass through congress/signing/filing that was sent back (congress rejection or
/// objection, GR 46). Kept so the record stays true when the bargaining loops.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Attempt {
    /// When the draft went to the union one level up for this attempt (schema 4; before, inside
    /// the pre-review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prereview_submitted: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub congress: Option<Congress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<Signing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing: Option<Filing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// A recorded amendment to a sealed (signed) dossier.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Amendment {
    pub date: NaiveDate,
    pub what: String,
    /// The clauses it rewrites (schema 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<AmendedClause>,
    /// The date the workers' congress approved it, where the change needed approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<NaiveDate>,
    /// The sealed state it follows: `signed`, or `amend-N` of the amendment before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    /// The fingerprint of the agreement as amended (tagged `amend-N`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<super::seal::Seal>,
    /// When this sealed state corrects a mistyped signed fact rather than changing the
    /// agreement: the fact's key (`signing.date`, `congress.date`); its old and new values and the
    /// reason are in `corrections` (schema 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<String>,
}

/// A clause as an amendment rewrites it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AmendedClause {
    /// 1-based, in the text being amended.
    pub number: usize,
    pub text: String,
}

/// One bargaining: the whole procedure record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Dossier {
    pub schema_version: u32,
    pub id: String,
    pub kind: ContractKind,
    /// An area or sector contract below county level (LCL 53).
    #[serde(default)]
    pub area_or_sector: bool,
    pub created: NaiveDate,
    pub enterprise: Enterprise,
    #[serde(default)]
    pub representatives: Vec<Representative>,
    #[serde(default)]
    pub vacancies: Vec<Vacancy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorder: Option<String>,
    #[serde(default)]
    pub instructors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
    #[serde(default)]
    pub preparation: Preparation,
    #[serde(default)]
    pub rounds: Vec<Round>,
    #[serde(default)]
    pub terms: AgreedTerms,
    /// Date both chiefs signed the draft (GR 34), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_signed: Option<NaiveDate>,
    /// When the draft was sent to the union one level up for pre-review (the grassroots
    /// union's fact; the pre-review itself is the reviewing union's, in `prereview.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prereview_submitted: Option<NaiveDate>,
    /// The grassroots union's answers to the pre-review's opinions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<OpinionAnswer>,
    /// The pre-reviews of the union one level up. Stored in `prereview.json`, never in
    /// `dossier.json`: the field is read from `dossier.json` only when a version-3 file is
    /// migrated (its pre-review moves out on the next save).
    #[serde(default, skip_serializing)]
    pub prereviews: PreReviews,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub congress: Option<Congress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<Signing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing: Option<Filing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Computed when the review period ends without objection (GR 47), or recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
    #[serde(default)]
    pub earlier_attempts: Vec<Attempt>,
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    /// The signed agreement's fingerprint, taken when it was signed (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<super::seal::Seal>,
    /// The grassroots union that owns this dossier (schema 4; absent when the workspace had no
    /// union set when it was created).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub union: Option<UnionRef>,
    /// Where an agreement signed before xieshang came from, when it was imported into the
    /// archive rather than bargained here (schema 5; absent for every other dossier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
    /// The scans kept with the record (signed agreement, resolution, filing receipt). Stored in
    /// `attachments.json` beside `dossier.json`, never in it.
    #[serde(skip)]
    pub attachments: Vec<super::attachment::Attachment>,
    /// Facts corrected after they were recorded, oldest first: the value before and after, when
    /// and why (schema 7). The corrected fact holds the new value; this keeps the history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// The same enterprise's other dossiers in the workspace, filled in by the service before
    /// the rules judge (the rules that look across agreements read it); never stored.
    #[serde(skip)]
    pub others: Vec<OtherAgreement>,
}

/// A recorded fact corrected with a reason (`correct`): what it was and what it is now.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    /// The day the correction was made.
    pub date: NaiveDate,
    /// The fact, as a [`crate::domain::record::CORRECTABLE`] key (`offer.sent`, `round.2.date` …).
    pub what: String,
    pub old: String,
    pub new: String,
    pub reason: String,
}

/// The provenance of an archive-only dossier (`archive import`): enough to find the original
/// file again and to prove which bytes were taken, since no procedure was recorded here.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// When it was imported.
    pub date: NaiveDate,
    /// The file's name as the facts table gave it (relative to the imported folder).
    pub file: String,
    /// SHA-256 of the file's bytes as found, lowercase hex: the same file imported again is
    /// recognised by it, whatever its name.
    pub sha256: String,
}

/// Another dossier of the same enterprise, as the cross-agreement rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherAgreement {
    pub key: String,
    pub kind: ContractKind,
    pub created: NaiveDate,
    pub signed: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl Dossier {
    /// A fresh dossier with nothing recorded but the enterprise.
    pub fn new(id: String, kind: ContractKind, enterprise: Enterprise, created: NaiveDate) -> Self {
        Dossier {
            schema_version: SCHEMA_VERSION,
            id,
            kind,
            area_or_sector: false,
            created,
            enterprise,
            representatives: Vec::new(),
            vacancies: Vec::new(),
            recorder: None,
            instructors: Vec::new(),
            offer: None,
            reply: None,
            preparation: Preparation::default(),
            rounds: Vec::new(),
            terms: AgreedTerms::default(),
            draft_signed: None,
            prereview_submitted: None,
            answers: Vec::new(),
            prereviews: PreReviews::default(),
            congress: None,
            signing: None,
            filing: None,
            review: None,
            effective: None,
            publication: None,
            earlier_attempts: Vec::new(),
            amendments: Vec::new(),
            corrections: Vec::new(),
            seal: None,
            union: None,
            imported: None,
            attachments: Vec::new(),
            others: Vec::new(),
        }
    }

    pub fn side(&self, side: Side) -> impl Iterator<Item = &Representative> {
        self.representatives.iter().filter(move |r| r.side == side)
    }

    pub fn chief(&self, side: Side) -> Option<&Representative> {
        self.side(side).find(|r| r.chief)
    }

    pub fn current_round(&self) -> Option<&Round> {
        self.rounds.last().filter(|r| r.is_open())
    }

    /// Signed dossiers are sealed: what was signed changes only by a recorded amendment.
    pub fn is_sealed(&self) -> bool {
        self.signing.is_some()
    }

    /// The pre-review of the current submission, if the union one level up has answered it.
    pub fn prereview(&self) -> Option<&PreReview> {
        let s = self.prereview_submitted?;
        self.prereviews
            .reviews
            .iter()
            .rev()
            .find(|r| r.submitted == s)
    }

    /// The seal in force: the last sealed amendment's, else the one taken at signing.
    pub fn current_seal(&self) -> Option<&super::seal::Seal> {
        self.amendments
            .iter()
            .rev()
            .find_map(|a| a.seal.as_ref())
            .or(self.seal.as_ref())
    }
}
