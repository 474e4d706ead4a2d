//! The complaint being written: what the filing form holds, kept in the
//! browser's storage until it is filed, checked step by step, and turned into
//! the API's request.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::cases::{BusinessChoice, Channel, Demand, FileComplaintRequest};
use shared::{BusinessId, EvidenceId};

use super::money::{self, MoneyError};
use crate::i18n::Key;

/// Where the draft is kept between visits.
pub const STORAGE_KEY: &str = "redress.complaint-draft";

/// The shortest and longest description the API takes, in characters.
pub const DESCRIPTION_CHARS: (usize, usize) = (20, 5000);

/// The steps of the filing form, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Who the complaint is against, and where it happened.
    Business,
    /// What was bought and what went wrong.
    Purchase,
    /// What happened, in the consumer's words.
    Story,
    /// What the consumer asks for.
    Demands,
    /// Photos, receipts, chat records.
    Evidence,
    /// The text as it would be published, consent, and filing.
    Review,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 6] = [
        Self::Business,
        Self::Purchase,
        Self::Story,
        Self::Demands,
        Self::Evidence,
        Self::Review,
    ];

    /// Position from 0.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|step| *step == self).unwrap_or(0)
    }

    /// The step at `index`, clamped to the last.
    pub fn at(index: usize) -> Self {
        Self::ALL[index.min(Self::ALL.len() - 1)]
    }

    /// The step title.
    pub fn title(self) -> Key {
        match self {
            Self::Business => Key::FileStepBusiness,
            Self::Purchase => Key::FileStepPurchase,
            Self::Story => Key::FileStepStory,
            Self::Demands => Key::FileStepDemands,
            Self::Evidence => Key::FileStepEvidence,
            Self::Review => Key::FileStepReview,
        }
    }

    /// The step that asks for the request field `field` (dotted for nested
    /// fields, as the server names them in its field errors).
    pub fn of_field(field: &str) -> Self {
        let root = field.split(['.', '[']).next().unwrap_or(field);
        match root {
            "business" | "outlet_id" | "region_code" => Self::Business,
            "category_code" | "nature_code" | "purchase_date" | "amount_fen" | "order_number"
            | "channel" | "channel_platform" => Self::Purchase,
            "description" => Self::Story,
            "demands" | "other_demand" => Self::Demands,
            "evidence" => Self::Evidence,
            _ => Self::Review,
        }
    }
}

/// The earliest step among the fields the server refused, to go back to.
pub fn first_step_with_errors<'a>(fields: impl IntoIterator<Item = &'a str>) -> Option<Step> {
    fields.into_iter().map(Step::of_field).min()
}

/// A business picked from the registry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnownBusiness {
    pub id: BusinessId,
    pub name: String,
    pub credit_code: Option<String>,
}

/// An evidence file already uploaded, waiting to be attached by the filing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub id: EvidenceId,
    pub file_name: String,
    /// `image`, `pdf` or `video`.
    pub kind: String,
    pub size: i64,
}

/// Everything typed so far. Every field has a default so that a draft saved
/// by an older version of the app still loads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The step last shown.
    pub step: usize,
    pub business: Option<KnownBusiness>,
    /// The name of a business not in the registry (used when `business` is none).
    pub new_business_name: String,
    pub new_business_credit_code: String,
    /// Province, city and county codes; the deepest one chosen is the region.
    pub province: String,
    pub city: String,
    pub county: String,
    pub category_code: String,
    pub nature_code: String,
    /// `YYYY-MM-DD` from the date input.
    pub purchase_date: String,
    /// Yuan, as typed.
    pub amount: String,
    pub order_number: String,
    /// `Channel::as_str`, empty until chosen.
    pub channel: String,
    pub channel_platform: String,
    pub description: String,
    pub demands: Vec<Demand>,
    pub other_demand: String,
    pub evidence: Vec<UploadedFile>,
    pub consent_to_publish: bool,
    /// Sent as `Idempotency-Key`: the same for every attempt to file this
    /// draft, so a retry after a lost answer never files twice.
    pub idempotency_key: String,
}

/// A field the form refuses before sending, with the text saying why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The request field, named as the server names it.
    pub field: &'static str,
    pub message: Key,
}

impl Draft {
    /// A fresh draft with its own idempotency key.
    pub fn new(idempotency_key: String) -> Self {
        Self {
            idempotency_key,
            ..Self::default()
        }
    }

    /// The text kept in storage.
    pub fn to_storage(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The draft kept in storage; none when there is none or it cannot be read.
    pub fn from_storage(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// The region where it happened: the deepest level chosen.
    pub fn region_code(&self) -> Option<&str> {
        [&self.county, &self.city, &self.province]
            .into_iter()
            .map(|code| code.trim())
            .find(|code| !code.is_empty())
    }

    /// What stops `step` from being left, field by field.
    pub fn problems(&self, step: Step, today: NaiveDate) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut refuse = |field, message| problems.push(Problem { field, message });
        match step {
            Step::Business => {
                if self.business.is_none() && self.new_business_name.trim().is_empty() {
                    refuse("business.name", Key::FileNeedBusiness);
                }
                let code = self.new_business_credit_code.trim();
                if self.business.is_none() && !code.is_empty() && code.chars().count() != 18 {
                    refuse("business.credit_code", Key::FileCreditCodeLength);
                }
                if self.region_code().is_none() {
                    refuse("region_code", Key::FileNeedRegion);
                }
            }
            Step::Purchase => {
                if self.category_code.is_empty() {
                    refuse("category_code", Key::FileNeedCategory);
                }
                if self.nature_code.is_empty() {
                    refuse("nature_code", Key::FileNeedNature);
                }
                if Channel::parse(&self.channel).is_none() {
                    refuse("channel", Key::FileNeedChannel);
                }
                if self.channel == Channel::OnlinePlatform.as_str()
                    && self.channel_platform.trim().is_empty()
                {
                    refuse("channel_platform", Key::FileNeedPlatform);
                }
                if let Some(message) = date_problem(&self.purchase_date, today) {
                    refuse("purchase_date", message);
                }
                if let Err(error) = money::parse_yuan(&self.amount) {
                    refuse("amount_fen", money_message(error));
                }
            }
            Step::Story => {
                let length = self.description.trim().chars().count();
                let (shortest, longest) = DESCRIPTION_CHARS;
                if length < shortest {
                    refuse("description", Key::FileDescriptionTooShort);
                } else if length > longest {
                    refuse("description", Key::FileDescriptionTooLong);
                }
            }
            Step::Demands => {
                if self.demands.is_empty() {
                    refuse("demands", Key::FileNeedDemand);
                }
                if self.demands.contains(&Demand::Other) && self.other_demand.trim().is_empty() {
                    refuse("other_demand", Key::FileNeedOtherDemand);
                }
            }
            Step::Evidence | Step::Review => {}
        }
        problems
    }

    /// The first step, up to and including `last`, that still has problems.
    pub fn first_incomplete(&self, last: Step, today: NaiveDate) -> Option<Step> {
        Step::ALL
            .into_iter()
            .take_while(|step| *step <= last)
            .find(|step| !self.problems(*step, today).is_empty())
    }

    /// The request to file; assumes every step passed its checks, and lets
    /// the server judge what the form cannot (a wrong check character).
    pub fn to_request(&self) -> FileComplaintRequest {
        let region_code = self.region_code().unwrap_or_default().to_owned();
        let business = match &self.business {
            Some(known) => BusinessChoice {
                id: Some(known.id),
                ..BusinessChoice::default()
            },
            None => BusinessChoice {
                id: None,
                name: Some(self.new_business_name.trim().to_owned()),
                credit_code: non_empty(&self.new_business_credit_code),
                region_code: Some(region_code.clone()),
            },
        };
        let wants_other = self.demands.contains(&Demand::Other);
        FileComplaintRequest {
            business,
            outlet_id: None,
            region_code,
            category_code: self.category_code.clone(),
            nature_code: self.nature_code.clone(),
            purchase_date: NaiveDate::parse_from_str(self.purchase_date.trim(), "%Y-%m-%d").ok(),
            amount_fen: money::parse_yuan(&self.amount).ok().flatten(),
            order_number: non_empty(&self.order_number),
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Other),
            channel_platform: (self.channel == Channel::OnlinePlatform.as_str())
                .then(|| non_empty(&self.channel_platform))
                .flatten(),
            description: self.description.trim().to_owned(),
            demands: self.demands.clone(),
            other_demand: wants_other.then(|| non_empty(&self.other_demand)).flatten(),
            consent_to_publish: self.consent_to_publish,
            evidence: self.evidence.iter().map(|file| file.id).collect(),
        }
    }
}

/// Why a purchase date cannot be taken; none when it is empty or fine.
fn date_problem(text: &str, today: NaiveDate) -> Option<Key> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let earliest = NaiveDate::from_ymd_opt(1990, 1, 1)?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Err(_) => Some(Key::FileDateInvalid),
        Ok(date) if date > today || date < earliest => Some(Key::FileDateOutOfRange),
        Ok(_) => None,
    }
}

fn money_message(error: MoneyError) -> Key {
    match error {
        MoneyError::NotANumber => Key::FileAmountInvalid,
        MoneyError::TooPrecise => Key::FileAmountTooPrecise,
        MoneyError::TooLarge => Key::FileAmountTooLarge,
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
    }

    fn complete() -> Draft {
        Draft {
            business: Some(KnownBusiness {
                id: BusinessId(uuid::Uuid::nil()),
                name: "某某电器有限公司".to_owned(),
                credit_code: None,
            }),
            province: "440000".to_owned(),
            city: "440300".to_owned(),
            category_code: "goods.appliances".to_owned(),
            nature_code: "quality".to_owned(),
            purchase_date: "2026-11-20".to_owned(),
            amount: "1299.5".to_owned(),
            channel: "online_platform".to_owned(),
            channel_platform: "某购物平台".to_owned(),
            description: "买的洗衣机用了三天就不能脱水了，商家不给退货。".to_owned(),
            demands: vec![Demand::Refund],
            ..Draft::new("key-1".to_owned())
        }
    }

    #[test]
    fn a_saved_draft_comes_back_as_it_was() {
        let draft = Draft {
            evidence: vec![UploadedFile {
                id: EvidenceId(uuid::Uuid::nil()),
                file_name: "receipt.jpg".to_owned(),
                kind: "image".to_owned(),
                size: 2048,
            }],
            step: 4,
            ..complete()
        };

        let restored = Draft::from_storage(&draft.to_storage());

        assert_eq!(restored, Some(draft));
    }

    #[test]
    fn a_draft_missing_newer_fields_still_loads() {
        let restored = Draft::from_storage(r#"{"description":"旧草稿","step":2}"#).unwrap();

        assert_eq!(restored.description, "旧草稿");
        assert_eq!(restored.step, 2);
        assert!(restored.demands.is_empty());
    }

    #[test]
    fn unreadable_storage_gives_no_draft() {
        assert_eq!(Draft::from_storage("not json"), None);
    }

    #[test]
    fn a_complete_draft_passes_every_step() {
        assert_eq!(complete().first_incomplete(Step::Review, today()), None);
    }

    #[test]
    fn the_business_step_wants_a_business_and_a_region() {
        let draft = Draft::new("k".to_owned());

        let fields: Vec<_> = draft
            .problems(Step::Business, today())
            .into_iter()
            .map(|problem| problem.field)
            .collect();

        assert_eq!(fields, ["business.name", "region_code"]);
    }

    #[test]
    fn a_business_not_in_the_registry_needs_only_its_name() {
        let draft = Draft {
            business: None,
            new_business_name: "街角小吃店".to_owned(),
            ..complete()
        };

        assert!(draft.problems(Step::Business, today()).is_empty());
        let request = draft.to_request();
        assert_eq!(request.business.name.as_deref(), Some("街角小吃店"));
        assert_eq!(request.business.region_code.as_deref(), Some("440300"));
        assert_eq!(request.business.id, None);
    }

    #[test]
    fn a_short_credit_code_is_refused_at_its_field() {
        let draft = Draft {
            business: None,
            new_business_name: "街角小吃店".to_owned(),
            new_business_credit_code: "91440300".to_owned(),
            ..complete()
        };

        let problems = draft.problems(Step::Business, today());

        assert_eq!(
            problems,
            [Problem {
                field: "business.credit_code",
                message: Key::FileCreditCodeLength
            }]
        );
    }

    #[test]
    fn the_purchase_step_checks_date_amount_and_platform() {
        let draft = Draft {
            purchase_date: "2027-01-01".to_owned(),
            amount: "12.345".to_owned(),
            channel_platform: " ".to_owned(),
            ..complete()
        };

        let problems = draft.problems(Step::Purchase, today());

        assert_eq!(
            problems,
            [
                Problem {
                    field: "channel_platform",
                    message: Key::FileNeedPlatform
                },
                Problem {
                    field: "purchase_date",
                    message: Key::FileDateOutOfRange
                },
                Problem {
                    field: "amount_fen",
                    message: Key::FileAmountTooPrecise
                },
            ]
        );
    }

    #[test]
    fn a_description_under_twenty_characters_is_too_short() {
        let draft = Draft {
            description: "坏了".to_owned(),
            ..complete()
        };

        assert_eq!(
            draft.first_incomplete(Step::Review, today()),
            Some(Step::Story)
        );
    }

    #[test]
    fn choosing_other_asks_what_it_is() {
        let draft = Draft {
            demands: vec![Demand::Other],
            ..complete()
        };

        let problems = draft.problems(Step::Demands, today());

        assert_eq!(problems[0].field, "other_demand");
    }

    #[test]
    fn the_request_carries_fen_dates_and_the_deepest_region() {
        let request = complete().to_request();

        assert_eq!(request.amount_fen, Some(129_950));
        assert_eq!(request.purchase_date, NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(request.region_code, "440300");
        assert_eq!(request.channel, Channel::OnlinePlatform);
        assert_eq!(request.channel_platform.as_deref(), Some("某购物平台"));
        assert_eq!(request.other_demand, None);
    }

    #[test]
    fn a_platform_typed_before_changing_channel_is_not_sent() {
        let draft = Draft {
            channel: "offline_shop".to_owned(),
            ..complete()
        };

        assert_eq!(draft.to_request().channel_platform, None);
    }

    #[test]
    fn server_field_errors_lead_back_to_their_steps() {
        assert_eq!(Step::of_field("business.credit_code"), Step::Business);
        assert_eq!(Step::of_field("region_code"), Step::Business);
        assert_eq!(Step::of_field("amount_fen"), Step::Purchase);
        assert_eq!(Step::of_field("description"), Step::Story);
        assert_eq!(Step::of_field("other_demand"), Step::Demands);
        assert_eq!(Step::of_field("evidence[0]"), Step::Evidence);
        assert_eq!(Step::of_field("consent_to_publish"), Step::Review);
    }

    #[test]
    fn the_earliest_refused_step_is_the_one_to_show() {
        let step = first_step_with_errors(["description", "amount_fen", "demands"]);

        assert_eq!(step, Some(Step::Purchase));
        assert_eq!(first_step_with_errors([]), None);
    }
}
