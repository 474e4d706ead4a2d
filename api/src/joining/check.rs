//! Checking an application's fields before anything is written.

use sea_orm::{ConnectionTrait, EntityTrait};
use shared::businesses::ServiceContacts;
use shared::joining::JoiningApplicationRequest;
use shared::validation::{SocialCreditCode, display_text};
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::contacts::check_contacts;
use crate::businesses::registry::{check_credit_code, check_region};
use crate::entities::categories;
use crate::error::{ApiError, ApiResult, Fields};
use crate::i18n::Text;
use crate::joining::{commitment, licence};

/// An application's fields, each valid.
pub struct Checked {
    pub credit_code: SocialCreditCode,
    pub licensed_name: String,
    pub region_code: String,
    pub industry_code: String,
    pub licence: Uuid,
    pub contacts: ServiceContacts,
    pub commitment_version: String,
}

/// Checks every field, reporting all problems at once. `application` is
/// the application being resubmitted, whose licence may be kept.
pub async fn check(
    db: &impl ConnectionTrait,
    principal: &Principal,
    body: &JoiningApplicationRequest,
    application: Option<Uuid>,
) -> ApiResult<Checked> {
    let mut fields = Fields::default();
    let credit_code = check_credit_code(&mut fields, "credit_code", body.credit_code.trim());
    let licensed_name = fields.check(
        "licensed_name",
        display_text(&body.licensed_name, 200),
        Text::new(
            "名称不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    let region_code = check_region(db, &mut fields, "region_code", Some(&body.region_code)).await?;
    let industry_code = check_industry(db, &mut fields, &body.industry_code).await?;
    let licence = licence::check(
        db,
        &mut fields,
        principal,
        body.licence_evidence_id,
        application,
    )
    .await?;
    let contacts = check_contacts(&mut fields, "service_contacts.", &body.service_contacts);
    check_commitment(&mut fields, body);
    fields.finish()?;

    let missing = || ApiError::internal(anyhow::anyhow!("checked application fields went missing"));
    Ok(Checked {
        credit_code: credit_code.ok_or_else(missing)?,
        licensed_name: licensed_name.ok_or_else(missing)?,
        region_code: region_code.ok_or_else(missing)?,
        industry_code: industry_code.ok_or_else(missing)?,
        licence: licence.ok_or_else(missing)?,
        contacts: contacts.ok_or_else(missing)?,
        commitment_version: commitment::VERSION.to_owned(),
    })
}

/// The industry is a category of the complaint taxonomy (`/categories`).
async fn check_industry(
    db: &impl ConnectionTrait,
    fields: &mut Fields,
    code: &str,
) -> ApiResult<Option<String>> {
    let code = code.trim();
    if code.is_empty() {
        fields.push(
            "industry_code",
            "required",
            Text::new("此项必填。", "This field is required."),
        );
        return Ok(None);
    }
    let known = categories::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .is_some();
    if !known {
        fields.push(
            "industry_code",
            "unknown_category",
            Text::new(
                "没有这个行业类别，请从 /categories 中选择，例如 goods.appliances。",
                "No such industry; choose a category code from /categories, for example goods.appliances.",
            ),
        );
        return Ok(None);
    }
    Ok(Some(code.to_owned()))
}

fn check_commitment(fields: &mut Fields, body: &JoiningApplicationRequest) {
    if !body.commitment_accepted {
        fields.push(
            "commitment_accepted",
            "required",
            Text::new(
                "请阅读并同意在时限内处理投诉的承诺。",
                "Read the commitment to handle complaints within the deadlines, and accept it.",
            ),
        );
    }
    if body.commitment_version.trim() != commitment::VERSION {
        fields.push(
            "commitment_version",
            "outdated_commitment",
            Text::new(
                format!(
                    "承诺书已更新为 {} 版，请阅读 GET /joining-commitment 的新文本后再同意。",
                    commitment::VERSION
                ),
                format!(
                    "The commitment is now version {}; read the current text from GET /joining-commitment and accept that.",
                    commitment::VERSION
                ),
            ),
        );
    }
}
