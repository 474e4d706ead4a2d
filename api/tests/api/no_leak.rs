//! Nothing personal leaves through a public endpoint: consumers whose names,
//! phone numbers, ID numbers and e-mail addresses appear everywhere they can
//! be typed, and every public endpoint read (with searches for those very
//! values), and none of them appears in any answer.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, filing, world_with};
use crate::helpers::spawn_app_with;

struct Person {
    name: &'static str,
    phone: &'static str,
    email: &'static str,
    resident_id: &'static str,
}

const PEOPLE: [Person; 3] = [
    Person {
        name: "赵建国",
        phone: "13911112222",
        email: "zhao.jianguo@example.cn",
        // Real-form numbers: the check character matches the other 17.
        resident_id: "11010519491231002X",
    },
    Person {
        name: "欧阳雪梅",
        phone: "15023456789",
        email: "xuemei.oy@example.com",
        resident_id: "440305199003077814",
    },
    Person {
        name: "钱小红",
        phone: "18687654321",
        email: "qian_xh@example.org",
        resident_id: "320106198512124512",
    },
];

/// Every way each value might be written out.
fn forms(person: &Person) -> Vec<String> {
    let phone = person.phone;
    vec![
        person.name.to_owned(),
        phone.to_owned(),
        format!("{} {} {}", &phone[..3], &phone[3..7], &phone[7..]),
        person.email.to_owned(),
        person.resident_id.to_owned(),
    ]
}

async fn consumer(world: &World, person: &Person) -> String {
    let registered = world
        .app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"phone": person.phone, "email": person.email, "password": "wang2024!", "display_name": person.name}),
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.body
    );
    world.app.access_token(person.phone, "wang2024!").await
}

/// Files a complaint full of the person's details, then has it accepted
/// (which publishes it: the business is not a member), answered by the
/// business by name and commented on in public; if `settle`, agreed and
/// carried out, else left in mediation.
async fn seed(world: &World, person: &Person, settle: bool) -> String {
    let token = consumer(world, person).await;
    let mut body = filing(&world.business_id);
    let spaced = format!(
        "{} {} {}",
        &person.phone[..3],
        &person.phone[3..7],
        &person.phone[7..]
    );
    body["description"] = json!(format!(
        "我叫{}，电话{}（也可打 {spaced}），邮箱{}，身份证号{}。在门店买的冰箱三天就坏了，商家拒绝退款。",
        person.name, person.phone, person.email, person.resident_id
    ));
    body["demands"] = json!(["refund", "other"]);
    body["other_demand"] = json!(format!("请联系{}本人，电话{}", person.name, person.phone));
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&token), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();

    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let message = world
        .app
        .post(
            &format!("/api/v1/complaints/{id}/messages"),
            Some(&world.handler),
            json!({"body": format!("{}您好，我们已致电 {} 并发邮件到 {}。", person.name, person.phone, person.email)}),
        )
        .await;
    assert_eq!(message.status, StatusCode::CREATED, "{}", message.body);
    let comment = world
        .app
        .post(
            &format!("/api/v1/complaints/{id}/public-comment"),
            Some(&world.handler),
            json!({"text": format!("已为{}（{}）办理退款。", person.name, person.phone)}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
    publish_a_question(world, person, &token).await;
    if !settle {
        return id;
    }
    let agreement = json!({"action": "record_agreement", "terms": format!("退款给{}，账户 {}", person.name, person.email), "amount_fen": 100000, "perform_by": date_in(&world.app, 3), "consumer_agreed": true, "business_agreed": true});
    world.step(&world.mediator, &id, agreement).await;
    world
        .step(&token, &id, json!({"action": "confirm_performance"}))
        .await;
    id
}

/// Asks a question full of the person's details, has it answered by name
/// and published as a question and answer.
async fn publish_a_question(world: &World, person: &Person, token: &str) {
    let question = format!(
        "我是{}，电话{}，邮箱{}。健身房关门了，预付卡余额还能退吗？",
        person.name, person.phone, person.email
    );
    let asked = world
        .app
        .post(
            "/api/v1/enquiries",
            Some(token),
            json!({"question": question, "region_code": "440305", "consent_to_publish": true}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let id = asked.body["id"].as_str().unwrap();
    let answer = format!(
        "{}您好，可以要求退还余额，我们已致电 {}。",
        person.name, person.phone
    );
    let answered = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/answer"),
            Some(&world.intake),
            json!({"answer": answer}),
        )
        .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    let published = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/publication"),
            Some(&world.intake),
            json!({}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
}

/// Issues a consumer warning about the business the complaints are against.
async fn issue_a_warning(world: &World) -> i64 {
    let issued = world
        .app
        .post(
            &format!("/api/v1/associations/{}/warnings", world.association),
            Some(&world.mediator),
            json!({"title": "冰箱退换纠纷提示", "body": "近期本会收到多起该商家冰箱质量投诉，购买前请查看三包凭证并保留发票。", "business_id": world.business_id}),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    issued.body["id"].as_i64().unwrap()
}

/// Each documented public path, made concrete, with searches for every
/// personal value as well.
fn public_requests(document: &Value, world: &World, number: &str, warning: i64) -> Vec<String> {
    let templates: BTreeSet<String> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|path| path.starts_with("/api/v1/public/"))
        .cloned()
        .collect();
    assert!(templates.len() >= 10, "{templates:?}");

    let mut requests: Vec<String> = templates
        .iter()
        .map(|template| {
            let path = template
                .replace("{number}", number)
                .replace("{business_id}", &world.business_id)
                .replace("{association_id}", &world.association)
                .replace("{article_id}", "1")
                .replace("{warning_id}", &warning.to_string());
            assert!(
                !path.contains('{'),
                "no value for a placeholder of {template}"
            );
            path
        })
        .collect();
    for person in &PEOPLE {
        for form in forms(person) {
            requests.push(format!("/api/v1/public/complaints?q={form}"));
            requests.push(format!("/api/v1/public/questions?q={form}"));
        }
    }
    requests.push("/api/v1/public/complaints?q=冰箱&limit=100".to_owned());
    requests.push("/api/v1/public/rankings?region=000000&industry=goods".to_owned());
    requests
}

#[tokio::test]
async fn no_public_endpoint_shows_a_consumers_personal_information() {
    // Every request here comes from one address: lift the public rate limit.
    let app = spawn_app_with(|settings| {
        settings.public_rate_limit = 100_000;
        settings.public_rate_burst = 100_000;
    })
    .await;
    let world = world_with(app, false).await;
    let mut ids = Vec::new();
    for (n, person) in PEOPLE.iter().enumerate() {
        ids.push(seed(&world, person, n < 2).await);
    }
    let listed = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/case-publicity", world.business_id),
            Some(&world.mediator),
            json!({"ground": "refused_mediation", "statement": "该经营者曾拒不参加调解。", "complaint_ids": [ids[2]]}),
        )
        .await;
    assert_eq!(listed.status, StatusCode::CREATED, "{}", listed.body);
    let numbers = world.app.get("/api/v1/public/complaints", None).await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["number"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert_eq!(
        numbers.len(),
        PEOPLE.len(),
        "every seeded complaint is published"
    );

    let warning = issue_a_warning(&world).await;

    let document: Value = serde_json::from_str(&api::openapi::document_json()).unwrap();
    let mut answers = 0;
    for number in &numbers {
        for path in public_requests(&document, &world, number, warning) {
            let reply = world
                .app
                .client
                .get(world.app.url(&path))
                .send()
                .await
                .unwrap();
            let status = reply.status();
            let text = reply.text().await.unwrap();
            assert!(
                status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY,
                "{path}: {status} {text}"
            );
            for person in &PEOPLE {
                for form in forms(person) {
                    assert!(!text.contains(&form), "{path} shows {form}: {text}");
                }
            }
            answers += 1;
        }
    }
    assert!(answers > 40, "{answers} answers read");
}
