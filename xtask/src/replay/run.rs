//! The replay itself: every case's steps in the order of their dates, the
//! demo clock moved to each date, then a check of where each case ended.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Duration, Utc};
use futures::stream::{self, StreamExt};
use serde::Serialize;
use shared::cases::{BusinessChoice, Complaint, FileComplaintRequest, PostMessageRequest};
use shared::client::{Client, ClientError};
use shared::demo::{DemoClock, DemoClockChange};
use shared::publication::{BusinessCommentRequest, Publication};
use shared::{BusinessId, ComplaintId, ErrorCode};

use super::case::{SourceCase, seed, step_times};
use super::cast::{self, Cast};
use super::driver::{Party, next_step};
use super::journal::Journal;
use super::progress::Progress;
use super::{Options, Source, cfpb, heimao, reviews};

/// Error bodies kept for the summary.
const ERRORS_SHOWN: usize = 5;

/// The JSON line printed at the end.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Complaints in this replay.
    pub complaints: usize,
    /// Filed by this run.
    pub filed: usize,
    /// Filed by an earlier, interrupted run.
    pub already_filed: usize,
    /// Steps taken by this run (actions, messages and public replies).
    pub steps: usize,
    pub by_state: BTreeMap<String, usize>,
    pub by_outcome: BTreeMap<String, usize>,
    pub published: usize,
    /// Cases that did not end where their record says.
    pub not_as_recorded: usize,
    pub first_not_as_recorded: Vec<String>,
    pub errors: usize,
    pub first_errors: Vec<String>,
    pub elapsed_seconds: u64,
}

/// What every step needs.
struct Stage<'a> {
    cases: &'a [SourceCase],
    cast: &'a Cast,
    journal: &'a Journal,
}

/// What one step did.
enum Done {
    Filed,
    AlreadyFiled,
    Stepped(usize),
    Nothing,
}

pub async fn replay(options: &Options) -> Result<Summary> {
    let started = Instant::now();
    let cases = chosen(options)?;
    let admin = Client::new(&options.url);
    admin
        .login(&options.admin_login, &options.admin_password)
        .await
        .with_context(|| format!("signing in as {} at {}", options.admin_login, options.url))?;
    let mut clock = demo_clock(&admin).await?;

    let first = cases
        .iter()
        .map(|c| c.filed_at)
        .min()
        .unwrap_or_else(Utc::now);
    clock = move_clock(&admin, first - Duration::days(1), &clock).await?;
    let cast = cast::assemble(&admin, &cases, &options.password, options.concurrency).await?;
    let journal = Journal::open(&options.journal_dir.join(format!("{}.jsonl", cast.national)))?;
    let stage = Stage {
        cases: &cases,
        cast: &cast,
        journal: &journal,
    };

    let days = schedule(&cases);
    let total: usize = days.values().map(|steps| steps.len()).sum();
    let progress = Progress::new(total, options.progress);
    let mut summary = Summary {
        complaints: cases.len(),
        ..Summary::default()
    };
    let mut done = 0;
    for (day, steps) in days {
        clock = move_clock(&admin, day, &clock).await?;
        let now = clock.now;
        let by_case = by_case(steps);
        done += by_case.values().map(Vec::len).sum::<usize>();
        let results: Vec<Result<Vec<Done>, String>> = stream::iter(by_case)
            .map(|(index, steps)| run_steps(&stage, index, steps, now))
            .buffer_unordered(options.concurrency)
            .collect()
            .await;
        for result in results {
            count(&mut summary, result);
        }
        progress.show(done, &day.format("%Y-%m-%d").to_string(), summary.errors);
    }
    progress.finish();

    check(&stage, &mut summary).await;
    summary.elapsed_seconds = started.elapsed().as_secs();
    Ok(summary)
}

/// The cases a replay with these options takes.
pub fn chosen(options: &Options) -> Result<Vec<SourceCase>> {
    let sources = load(&options.sources)?;
    if options.only.is_empty() {
        return Ok(select(sources, options.limit));
    }
    let chosen: Vec<SourceCase> = sources
        .into_iter()
        .flatten()
        .filter(|case| options.only.contains(&case.source_id))
        .collect();
    if chosen.len() < options.only.len() {
        bail!("--only names cases that are not in the chosen sources");
    }
    Ok(chosen)
}

fn load(sources: &[Source]) -> Result<Vec<Vec<SourceCase>>> {
    sources
        .iter()
        .map(|source| match source {
            Source::Cfpb => cfpb::cases(),
            Source::Reviews => reviews::cases(),
            Source::Heimao => heimao::cases(),
        })
        .collect()
}

/// At most `limit` cases, shared between the sources and spread evenly
/// over each, so that the dates cover the whole range.
fn select(sources: Vec<Vec<SourceCase>>, limit: Option<usize>) -> Vec<SourceCase> {
    let share = limit.map(|limit| limit.div_ceil(sources.len().max(1)));
    let mut chosen = Vec::new();
    for cases in sources {
        let take = share.unwrap_or(cases.len()).min(cases.len());
        if take == 0 {
            continue;
        }
        let stride = cases.len() as f64 / take as f64;
        chosen.extend((0..take).map(|n| cases[(n as f64 * stride) as usize].clone()));
    }
    if let Some(limit) = limit {
        chosen.truncate(limit);
    }
    chosen
}

/// Every step of every case by its date: (case, step), step 0 the filing.
fn schedule(cases: &[SourceCase]) -> BTreeMap<DateTime<Utc>, Vec<(usize, usize)>> {
    let mut days: BTreeMap<DateTime<Utc>, Vec<(usize, usize)>> = BTreeMap::new();
    for (index, case) in cases.iter().enumerate() {
        days.entry(case.filed_at).or_default().push((index, 0));
        for (step, time) in step_times(case, seed(&case.source_id))
            .into_iter()
            .enumerate()
        {
            days.entry(time).or_default().push((index, step + 1));
        }
    }
    days
}

fn by_case(steps: Vec<(usize, usize)>) -> BTreeMap<usize, Vec<usize>> {
    let mut cases: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, step) in steps {
        cases.entry(index).or_default().push(step);
    }
    cases
}

async fn demo_clock(admin: &Client) -> Result<DemoClock> {
    match admin.get::<DemoClock>("/api/v1/demo/clock").await {
        Ok(clock) => Ok(clock),
        Err(error) if error.code() == Some(ErrorCode::DemoModeOff) => bail!(
            "the server at this address was not started in demo mode, and a replay files complaints \
             on their real dates by moving its clock; start one with `cargo xtask run --demo` or \
             `redress --demo`"
        ),
        Err(error) => Err(error).context("reading the demo clock"),
    }
}

/// Moves the clock to `to`, or to just after the latest recorded event when
/// an earlier run already went past `to`.
async fn move_clock(admin: &Client, to: DateTime<Utc>, clock: &DemoClock) -> Result<DemoClock> {
    let floor = clock.latest_event.map_or(to, |latest| latest.max(to));
    let change = DemoClockChange { now: floor.max(to) };
    match admin
        .put::<_, DemoClock>("/api/v1/demo/clock", &change)
        .await
    {
        Ok(moved) => Ok(moved),
        Err(error) if error.code() == Some(ErrorCode::ClockBackwards) => {
            let current = demo_clock(admin).await?;
            let latest = current.latest_event.unwrap_or(to);
            admin
                .put(
                    "/api/v1/demo/clock",
                    &DemoClockChange {
                        now: latest.max(to),
                    },
                )
                .await
                .context("moving the demo clock")
        }
        Err(error) => Err(error).context("moving the demo clock"),
    }
}

/// One case's steps of one day, in order; the first failure ends the day
/// for this case.
async fn run_steps(
    stage: &Stage<'_>,
    index: usize,
    steps: Vec<usize>,
    now: DateTime<Utc>,
) -> Result<Vec<Done>, String> {
    let case = &stage.cases[index];
    let mut done = Vec::new();
    for step in steps {
        let result = if step == 0 {
            file(stage, case).await
        } else {
            advance(stage, case, now).await
        };
        match result {
            Ok(outcome) => done.push(outcome),
            Err(error) => return Err(format!("{} step {step}: {error:#}", case.source_id)),
        }
    }
    Ok(done)
}

async fn file(stage: &Stage<'_>, case: &SourceCase) -> Result<Done> {
    if stage.journal.get(&case.source_id).is_some() {
        return Ok(Done::AlreadyFiled);
    }
    let (business_id, _) = &stage.cast.businesses[&case.business];
    let consumer = &stage.cast.consumers[&case.consumer];
    let request = filing_request(case, *business_id);

    let filed = consumer.file_complaint(&request, &case.source_id).await?;
    stage.journal.record(&case.source_id, filed.id)?;
    for part in &case.continued {
        let message = PostMessageRequest {
            body: part.clone(),
            internal: false,
            evidence: Vec::new(),
        };
        let _: serde_json::Value = consumer
            .post(
                &format!("/api/v1/complaints/{}/messages", filed.id),
                &message,
            )
            .await?;
    }
    Ok(Done::Filed)
}

/// What the consumer sends to file the case against the business.
pub fn filing_request(case: &SourceCase, business_id: BusinessId) -> FileComplaintRequest {
    FileComplaintRequest {
        business: BusinessChoice {
            id: Some(business_id),
            name: None,
            credit_code: None,
            region_code: None,
        },
        outlet_id: None,
        region_code: case.region_code.clone(),
        category_code: case.category_code.clone(),
        nature_code: case.nature_code.clone(),
        purchase_date: None,
        amount_fen: None,
        order_number: None,
        channel: case.channel,
        channel_platform: case.channel_platform.clone(),
        description: case.description.clone(),
        demands: case.demands.clone(),
        other_demand: case.other_demand.clone(),
        consent_to_publish: case.consent_to_publish,
        evidence: Vec::new(),
    }
}

/// The next step towards the case's recorded end, if there is one today.
async fn advance(stage: &Stage<'_>, case: &SourceCase, now: DateTime<Utc>) -> Result<Done> {
    let Some(id) = stage.journal.get(&case.source_id) else {
        bail!("not filed");
    };
    let consumer = &stage.cast.consumers[&case.consumer];
    let complaint = consumer.complaint(id).await?;

    match next_step(case, &complaint, now) {
        Some((party, action)) => {
            party_client(stage, case, &complaint, party)
                .act(id, &action)
                .await?;
            Ok(Done::Stepped(1))
        }
        None if case.public_response.is_some() => public_reply(stage, case, id).await,
        None => Ok(Done::Nothing),
    }
}

fn party_client<'a>(
    stage: &'a Stage<'_>,
    case: &SourceCase,
    complaint: &Complaint,
    party: Party,
) -> &'a Client {
    let staff = || &stage.cast.staff[&complaint.association.id];
    match party {
        Party::Consumer => &stage.cast.consumers[&case.consumer],
        Party::Business => &stage.cast.businesses[&case.business].1,
        Party::Intake => &staff().intake,
        Party::Mediator => &staff().mediator,
    }
}

/// The business's public reply, once the complaint is published.
async fn public_reply(stage: &Stage<'_>, case: &SourceCase, id: ComplaintId) -> Result<Done> {
    let Some(text) = &case.public_response else {
        return Ok(Done::Nothing);
    };
    let business = &stage.cast.businesses[&case.business].1;
    let request = BusinessCommentRequest { text: text.clone() };
    let posted: Result<serde_json::Value, ClientError> = business
        .post(&format!("/api/v1/complaints/{id}/public-comment"), &request)
        .await;
    match posted {
        Ok(_) => Ok(Done::Stepped(1)),
        Err(error)
            if matches!(
                error.code(),
                Some(ErrorCode::NotPublished | ErrorCode::AlreadyPublished | ErrorCode::Conflict)
            ) =>
        {
            Ok(Done::Nothing)
        }
        Err(error) => Err(error.into()),
    }
}

fn count(summary: &mut Summary, result: Result<Vec<Done>, String>) {
    match result {
        Ok(done) => {
            for outcome in done {
                match outcome {
                    Done::Filed => summary.filed += 1,
                    Done::AlreadyFiled => summary.already_filed += 1,
                    Done::Stepped(n) => summary.steps += n,
                    Done::Nothing => {}
                }
            }
        }
        Err(error) => {
            summary.errors += 1;
            if summary.first_errors.len() < ERRORS_SHOWN {
                summary.first_errors.push(error);
            }
        }
    }
}

/// Where a case stands at the end.
struct Standing {
    state: String,
    outcome: String,
    published: bool,
    /// Why it is not where its record says, if it is not.
    mismatch: Option<String>,
}

/// Reads every case back: its state and outcome, whether it is where its
/// record says, and whether it is published.
async fn check(stage: &Stage<'_>, summary: &mut Summary) {
    let checks: Vec<Result<Standing, String>> = stream::iter(stage.cases)
        .map(|case| check_case(stage, case))
        .buffer_unordered(8)
        .collect()
        .await;
    for result in checks {
        let mismatch = match result {
            Ok(standing) => {
                *summary.by_state.entry(standing.state).or_default() += 1;
                *summary.by_outcome.entry(standing.outcome).or_default() += 1;
                summary.published += standing.published as usize;
                standing.mismatch
            }
            Err(error) => Some(error),
        };
        if let Some(mismatch) = mismatch {
            summary.not_as_recorded += 1;
            if summary.first_not_as_recorded.len() < ERRORS_SHOWN {
                summary.first_not_as_recorded.push(mismatch);
            }
        }
    }
}

async fn check_case(stage: &Stage<'_>, case: &SourceCase) -> Result<Standing, String> {
    let Some(id) = stage.journal.get(&case.source_id) else {
        return Err(format!("{}: never filed", case.source_id));
    };
    let consumer = &stage.cast.consumers[&case.consumer];
    let complaint = consumer
        .complaint(id)
        .await
        .map_err(|error| format!("{}: {error}", case.source_id))?;
    let publication: Publication = consumer
        .get(&format!("/api/v1/complaints/{id}/publication"))
        .await
        .map_err(|error| format!("{}: {error}", case.source_id))?;

    let expected = case.path.expected();
    let mismatch = (!expected.holds(complaint.state, complaint.outcome)).then(|| {
        format!(
            "{}: {:?}/{:?}, expected {expected:?}",
            case.source_id, complaint.state, complaint.outcome
        )
    });
    Ok(Standing {
        state: wire(&complaint.state),
        outcome: complaint.outcome.as_ref().map_or("open".to_owned(), wire),
        published: publication.published_at.is_some() && publication.unpublished_at.is_none(),
        mismatch,
    })
}

fn wire<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
