//! The organisations and accounts a replay needs, made through the API as
//! an integrating system would, and found again when they exist already
//! (so a second run makes nothing twice).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{Context, Result, anyhow};
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value;
use shared::accounts::{CreateStaffRequest, StaffRole};
use shared::auth::RegisterRequest;
use shared::businesses::{
    Business, CreateBusinessRequest, CreateBusinessUserRequest, MembershipRequest,
};
use shared::client::{Client, ClientError, encode};
use shared::organisations::{Association, CreateAssociationRequest};
use shared::team::BusinessRole;
use shared::{AssociationId, BusinessId, ErrorCode, Page};

use super::case::{BusinessKey, ConsumerKey, SourceCase, seed};

const US_STATES: &str = include_str!("../../../migrations/data/regions/us_states.json");
const NATIONAL: &str = "000000";
/// The consumer whose login the demo prints; some reviews are filed by them.
pub const DEMO_CONSUMER_PHONE: &str = "13900000000";

/// An association's staff for the replay.
pub struct Staff {
    pub intake: Client,
    pub mediator: Client,
}

/// Everyone who takes part.
pub struct Cast {
    pub consumers: HashMap<ConsumerKey, Client>,
    pub businesses: HashMap<BusinessKey, (BusinessId, Client)>,
    pub staff: HashMap<AssociationId, Staff>,
    /// The national association's id: names this server's replay journal.
    pub national: AssociationId,
}

/// Makes or finds everyone the cases need.
pub async fn assemble(
    admin: &Client,
    cases: &[SourceCase],
    password: &str,
    concurrency: usize,
) -> Result<Cast> {
    let mut associations = associations(admin).await?;
    create_us_associations(admin, cases, &mut associations).await?;
    let national = *associations
        .get(NATIONAL)
        .ok_or_else(|| anyhow!("the server has no national association; was it migrated?"))?;

    let serving: BTreeSet<(String, AssociationId)> = cases
        .iter()
        .map(|case| serving(&associations, &case.region_code))
        .collect();
    let staff = stream::iter(serving)
        .map(|(region, id)| staff(admin, region, id, password))
        .buffer_unordered(concurrency)
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .map(|staff| (staff.0, staff.1))
        .collect();

    let keys: BTreeSet<BusinessKey> = cases.iter().map(|c| c.business.clone()).collect();
    let businesses = stream::iter(keys)
        .map(|key| business(admin, key, password))
        .buffer_unordered(concurrency)
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .collect();

    let keys: BTreeSet<ConsumerKey> = cases.iter().map(|c| c.consumer.clone()).collect();
    let consumers = stream::iter(keys)
        .map(|key| consumer(admin, key, password))
        .buffer_unordered(concurrency)
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .collect();

    Ok(Cast {
        consumers,
        businesses,
        staff,
        national,
    })
}

/// Every association by the region it serves.
pub async fn associations(admin: &Client) -> Result<BTreeMap<String, AssociationId>> {
    let mut found = BTreeMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/api/v1/associations?limit=200&cursor={}", encode(cursor)),
            None => "/api/v1/associations?limit=200".to_owned(),
        };
        let page: Page<Association> = admin.get(&path).await.context("listing associations")?;
        found.extend(page.items.into_iter().map(|a| (a.region_code, a.id)));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(found),
        }
    }
}

/// One association for each US state that has complaints (state consumer
/// protection offices, as it were).
async fn create_us_associations(
    admin: &Client,
    cases: &[SourceCase],
    associations: &mut BTreeMap<String, AssociationId>,
) -> Result<()> {
    let names: HashMap<String, String> = serde_json::from_str::<Vec<Value>>(US_STATES)?
        .into_iter()
        .filter_map(|s| {
            Some((
                format!("90{}00", s["fips"].as_str()?),
                s["name"].as_str()?.to_owned(),
            ))
        })
        .collect();
    let needed: BTreeSet<&String> = cases
        .iter()
        .map(|c| &c.region_code)
        .filter(|code| names.contains_key(*code) && !associations.contains_key(*code))
        .collect();
    for code in needed {
        let request = CreateAssociationRequest {
            region_code: code.clone(),
            name: format!("{} 消费者投诉办公室", names[code]),
        };
        let created: Association = admin
            .post("/api/v1/associations", &request)
            .await
            .with_context(|| format!("creating the association for {code}"))?;
        associations.insert(created.region_code, created.id);
    }
    Ok(())
}

/// The association that handles a region: its own, or the nearest above.
fn serving(
    associations: &BTreeMap<String, AssociationId>,
    region: &str,
) -> (String, AssociationId) {
    let candidates = [
        region.to_owned(),
        format!("{}00", &region[..4]),
        format!("{}0000", &region[..2]),
        NATIONAL.to_owned(),
    ];
    candidates
        .into_iter()
        .find_map(|code| associations.get(&code).map(|id| (code, *id)))
        .unwrap_or_else(|| (NATIONAL.to_owned(), associations[NATIONAL]))
}

/// The association's replay intake officer and mediator.
async fn staff(
    admin: &Client,
    region: String,
    id: AssociationId,
    password: &str,
) -> Result<(AssociationId, Staff)> {
    let intake = staff_member(
        admin,
        id,
        &format!("r{region}.intake"),
        "受理员",
        StaffRole::IntakeOfficer,
        password,
    )
    .await?;
    let mediator = staff_member(
        admin,
        id,
        &format!("r{region}.mediator"),
        "调解员",
        StaffRole::Mediator,
        password,
    )
    .await?;
    Ok((id, Staff { intake, mediator }))
}

/// A staff account (made unless it exists), signed in.
pub async fn staff_member(
    admin: &Client,
    association: AssociationId,
    login: &str,
    title: &str,
    role: StaffRole,
    password: &str,
) -> Result<Client> {
    let request = CreateStaffRequest {
        login_name: login.to_owned(),
        display_name: title.to_owned(),
        password: password.to_owned(),
        roles: vec![role],
    };
    let created: Result<Value, _> = admin
        .post(
            &format!("/api/v1/associations/{association}/staff"),
            &request,
        )
        .await;
    exists_or_made(created, login)?;
    signed_in(admin, login, password).await
}

/// The business record (registered, and joined when it is a member) and a
/// signed-in owner account for members.
async fn business(
    admin: &Client,
    key: BusinessKey,
    password: &str,
) -> Result<(BusinessKey, (BusinessId, Client))> {
    let id = match find_business(admin, &key.name).await? {
        Some(id) => id,
        None => register_business(admin, &key).await?,
    };
    if key.member {
        let joined: Result<Value, _> = admin
            .put(
                &format!("/api/v1/businesses/{id}/membership"),
                &MembershipRequest { member: true },
            )
            .await;
        match joined {
            Ok(_) => {}
            Err(error) if error.code() == Some(ErrorCode::AlreadyMember) => {}
            Err(error) => return Err(error).with_context(|| format!("joining {}", key.name)),
        }
    }

    let login = format!("rb{:08x}", seed(&key.name) as u32);
    let request = CreateBusinessUserRequest {
        login_name: login.clone(),
        display_name: "客服主管".to_owned(),
        password: password.to_owned(),
        role: Some(BusinessRole::Owner),
    };
    let created: Result<Value, _> = admin
        .post(&format!("/api/v1/businesses/{id}/users"), &request)
        .await;
    exists_or_made(created, &login)?;
    let owner = signed_in(admin, &login, password).await?;
    Ok((key, (id, owner)))
}

async fn find_business(admin: &Client, name: &str) -> Result<Option<BusinessId>> {
    let page: Page<Business> = admin
        .get(&format!("/api/v1/businesses?limit=20&q={}", encode(name)))
        .await
        .with_context(|| format!("looking up {name}"))?;
    Ok(page
        .items
        .into_iter()
        .find(|b| b.name == name)
        .map(|b| b.id))
}

async fn register_business(admin: &Client, key: &BusinessKey) -> Result<BusinessId> {
    let request = CreateBusinessRequest {
        name: key.name.clone(),
        credit_code: key.credit_code.clone(),
        region_code: key.region_code.clone(),
    };
    let created: Business = admin
        .post("/api/v1/businesses", &request)
        .await
        .with_context(|| format!("registering {}", key.name))?;
    Ok(created.id)
}

/// A consumer account (registered unless it exists), signed in.
async fn consumer(
    admin: &Client,
    key: ConsumerKey,
    password: &str,
) -> Result<(ConsumerKey, Client)> {
    let (phone, name) = if key.pool == "demo" {
        (DEMO_CONSUMER_PHONE.to_owned(), "演示消费者".to_owned())
    } else {
        let number = seed(&format!("{}-{}", key.pool, key.index)) % 100_000_000;
        (
            format!("139{number:08}"),
            format!("消费者{:04}", number % 10_000),
        )
    };
    let request = RegisterRequest {
        phone: Some(phone.clone()),
        email: None,
        password: password.to_owned(),
        display_name: name,
    };
    let client = admin.fresh();
    let registered: Result<Value, _> = client.post("/api/v1/auth/register", &request).await;
    exists_or_made(registered, &phone)?;
    client
        .login(&phone, password)
        .await
        .with_context(|| format!("signing in as {phone}"))?;
    Ok((key, client))
}

/// A creation that failed only because the account exists is fine.
fn exists_or_made(result: Result<Value, ClientError>, login: &str) -> Result<()> {
    match result {
        Ok(_) => Ok(()),
        Err(error) if error.code() == Some(ErrorCode::Conflict) => Ok(()),
        Err(error) => Err(error).with_context(|| format!("creating the account {login}")),
    }
}

async fn signed_in(admin: &Client, login: &str, password: &str) -> Result<Client> {
    let client = admin.fresh();
    client
        .login(login, password)
        .await
        .with_context(|| format!("signing in as {login}; was it made with another password?"))?;
    Ok(client)
}
