//! Who hears about a step of an application, and what they are told.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use shared::accounts::StaffRole;
use shared::joining::ApplicationEventKind;
use uuid::Uuid;

use crate::complaints::audience;
use crate::error::ApiResult;
use crate::i18n::Text;
use crate::joining::store::Application;
use crate::notifications::{Notice, notify};

/// Tells the applicant of every step, and the reviewing association's
/// intake officers and admins of each (re)submission. Returns everyone
/// told, to wake after the commit.
pub async fn tell(
    db: &impl ConnectionTrait,
    application: &Application,
    step: ApplicationEventKind,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let mut recipients = vec![application.applicant_id];
    if matches!(
        step,
        ApplicationEventKind::Submitted | ApplicationEventKind::Resubmitted
    ) {
        let reviewers = audience::staff_with(
            db,
            application.association_id,
            &[StaffRole::IntakeOfficer, StaffRole::AssociationAdmin],
        )
        .await?;
        recipients.extend(reviewers);
    }
    let kind = format!("joining_{}", step.as_str());
    let notice = Notice {
        complaint_id: None,
        kind: &kind,
        title: title(application, step),
    };
    notify(db, &recipients, &notice, now).await?;
    Ok(recipients)
}

fn title(application: &Application, step: ApplicationEventKind) -> Text {
    let name = &application.licensed_name;
    let note = application.decision_note.as_deref().unwrap_or("");
    match step {
        ApplicationEventKind::Submitted => Text::new(
            format!("“{name}”的入驻申请已提交，等待消费者协会审核。"),
            format!(
                "The application of {name} to join was submitted and awaits the association's review."
            ),
        ),
        ApplicationEventKind::Resubmitted => Text::new(
            format!("“{name}”的入驻申请已补充材料并重新提交。"),
            format!("The application of {name} was updated and submitted again."),
        ),
        ApplicationEventKind::MoreInfoRequested => Text::new(
            format!("“{name}”的入驻申请需要补充材料：{note}"),
            format!("The association needs more for the application of {name}: {note}"),
        ),
        ApplicationEventKind::Approved => Text::new(
            format!("“{name}”的入驻申请已通过，您是该经营者的负责人。请刷新登录以处理投诉。"),
            format!(
                "The application of {name} was approved; you are the business's owner. Refresh your login to handle its complaints."
            ),
        ),
        ApplicationEventKind::Rejected => Text::new(
            format!("“{name}”的入驻申请未通过，理由：{note}"),
            format!("The application of {name} was rejected: {note}"),
        ),
        ApplicationEventKind::Withdrawn => Text::new(
            format!("“{name}”的入驻申请已撤回。"),
            format!("The application of {name} was withdrawn."),
        ),
    }
}
