//! Files a complaint through the typed client, as a third-party system or a
//! mini-program's back end would, then follows it and searches the public
//! complaints. Run against a server (`cargo xtask run`, or a demo):
//!
//!     cargo run -p shared --features client --example file_a_complaint -- http://127.0.0.1:8080

use shared::auth::RegisterRequest;
use shared::businesses::Business;
use shared::cases::{BusinessChoice, Channel, Complaint, Demand, FileComplaintRequest};
use shared::client::{Client, ClientError, encode};
use shared::{ErrorCode, Page};

#[tokio::main]
async fn main() -> Result<(), ClientError> {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let client = Client::new(&base);

    // Register once; a second run finds the account and signs in.
    let account = RegisterRequest {
        phone: Some("13700001234".to_owned()),
        email: None,
        password: "example-2026!".to_owned(),
        display_name: "王女士".to_owned(),
    };
    match client
        .post::<_, serde_json::Value>("/api/v1/auth/register", &account)
        .await
    {
        Err(error) if error.code() == Some(ErrorCode::Conflict) => {}
        other => {
            other?;
        }
    }
    client.login("13700001234", "example-2026!").await?;

    // Find the business by part of its name; file against it, or by name.
    let found: Page<Business> = client
        .get(&format!("/api/v1/businesses?q={}", encode("电器")))
        .await?;
    let business = match found.items.first() {
        Some(business) => BusinessChoice {
            id: Some(business.id),
            name: None,
            credit_code: None,
            region_code: None,
        },
        None => BusinessChoice {
            id: None,
            name: Some("深圳某某电器有限公司".to_owned()),
            credit_code: None,
            region_code: Some("440305".to_owned()),
        },
    };
    let complaint = FileComplaintRequest {
        business,
        outlet_id: None,
        region_code: "440305".to_owned(),
        category_code: "goods.appliances".to_owned(),
        nature_code: "quality".to_owned(),
        purchase_date: None,
        amount_fen: Some(329_900),
        order_number: None,
        channel: Channel::OfflineShop,
        channel_platform: None,
        description: "购买的冰箱使用三天后不制冷，门店拒绝退换，只同意维修。".to_owned(),
        demands: vec![Demand::Replacement],
        other_demand: None,
        consent_to_publish: true,
        evidence: Vec::new(),
    };

    // The idempotency key makes a retry (or a second run) return the same case.
    let filed: Complaint = client
        .file_complaint(&complaint, "example-fridge-0001")
        .await?;
    println!("filed {} ({:?})", filed.number, filed.state);

    let now = client.complaint(filed.id).await?;
    println!("now {:?}, deadlines: {}", now.state, now.deadlines.len());

    let public: serde_json::Value = client
        .get(&format!(
            "/api/v1/public/complaints?q={}&limit=3",
            encode("退款")
        ))
        .await?;
    println!("public complaints about 退款: {}", public["total"]);
    Ok(())
}
