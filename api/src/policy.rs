//! Who may do what. Every endpoint names its rule here, so that the whole
//! access policy reads in one place.

use shared::accounts::{StaffRole, UserKind};
use shared::businesses::ApiScope;
use shared::team::BusinessRole;
use shared::{AssociationId, BusinessId};

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;

/// Everything an authenticated caller may ask to do.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// Read or change one's own account.
    ManageOwnAccount,
    /// Read one's own notifications, live or in the inbox, and mark them read.
    ReadOwnNotifications,
    /// Create an association or rename any association.
    ManageAssociations,
    /// Set a demo server's clock: platform admins.
    MoveDemoClock,
    /// Read, add, change or remove the staff of this association.
    ManageStaff(AssociationId),
    /// Register a business record.
    RegisterBusinesses,
    /// Change the membership and accounts of a business this association
    /// serves, and suspend or reinstate its membership.
    ManageBusiness(AssociationId),
    /// Merge an uncoded business record into a coded one this association serves.
    MergeBusinesses(AssociationId),
    /// File a complaint.
    FileComplaints,
    /// Change this business's own settings: its API keys and published
    /// contacts. Its owners and managers; handlers only handle cases.
    ManageOwnBusiness(BusinessId),
    /// Apply to join the platform, or accept an invitation: a person with a
    /// business account that works for no business yet.
    JoinBusiness,
    /// Follow one's own joining applications: a person with a business account.
    FollowOwnApplications,
    /// Open the queue of joining applications: the staff who review them and
    /// platform admins.
    ReviewApplications,
    /// Read and decide the applications this association reviews: its
    /// intake officers and admins, and platform admins. Intake officers
    /// review applications as they review complaints.
    DecideApplication(AssociationId),
    /// See the business's members and invitations, and invite colleagues
    /// (which roles: [`may_invite`]): its owners and managers.
    ManageTeam(BusinessId),
    /// Give a member of the business another role: its owners.
    ChangeMemberRoles(BusinessId),
    /// Read what this business keeps for its own team (its reply templates):
    /// its users, and its API keys that may read cases.
    ReadOwnBusiness(BusinessId),
    /// Download the cases one may list as a spreadsheet: a business's own
    /// users and keys that may read cases, association staff and platform admins.
    ExportComplaints,
    /// Register and change this business's webhooks and read their deliveries:
    /// its owners and managers, and its API keys with the `manage_webhooks` scope.
    ManageWebhooks(BusinessId),
    /// Work on case publicity (个案公示) at all: the admins and mediators of
    /// any association, and platform admins. Which listings, see below.
    ManageCasePublicity,
    /// List a business for case publicity, or lift its listing, for this
    /// association: its admins and mediators, and platform admins.
    PublishCasePublicity(AssociationId),
    /// Check a case bundle: association staff and platform admins. The
    /// check reads only the bundle sent, but bundles carry consumers'
    /// contacts, so they are for the people who handle cases.
    VerifyCaseBundles,
    /// Import a case bundle into one's association: its intake officers and
    /// admins, who bring new cases in.
    ImportCaseBundles,
    /// See the complaint classifier and retrain it on staff corrections:
    /// platform admins.
    RetrainClassifier,
    /// Ask the association a question (咨询): consumers.
    AskQuestions,
    /// Work on enquiries at all (list, answer, convert, publish): association
    /// staff and platform admins. Which enquiries, see below.
    HandleEnquiries,
    /// Answer, convert or publish the enquiries this association was asked:
    /// its staff, and platform admins.
    HandleEnquiry(AssociationId),
    /// Write and publish guidance articles: association staff and platform admins.
    WriteArticles,
    /// Change this association's guidance articles: its staff, and platform admins.
    EditArticle(AssociationId),
    /// See this association's proposed and confirmed group complaints
    /// (集体投诉): its staff, and platform admins.
    FindGroupComplaints(AssociationId),
    /// Confirm a group complaint of this association's cases, add cases to
    /// it and name its mediator: its intake officers and admins, and
    /// platform admins.
    FormGroupComplaints(AssociationId),
    /// See the surges in the complaints this association handles: its
    /// staff, and platform admins.
    ReadSurgeAlerts(AssociationId),
    /// Issue, list and withdraw this association's consumer warnings: its
    /// staff, and platform admins.
    IssueWarnings(AssociationId),
    /// See this association's dashboard (its backlog, deadlines at risk,
    /// handling times and mediators' workloads): its staff, and platform admins.
    ReadDashboard(AssociationId),
}

/// Allows the action or says why not.
pub fn authorize(principal: &Principal, action: Action) -> ApiResult<()> {
    if allows(principal, action) {
        Ok(())
    } else {
        Err(refusal(principal, action))
    }
}

/// The 403 for a refused action: the scope an API key lacks, or who may.
fn refusal(principal: &Principal, action: Action) -> ApiError {
    if !principal.is_api_key() {
        return ApiError::forbidden_because(who_may(action));
    }
    let needed = match action {
        Action::ReadOwnBusiness(business) | Action::ManageWebhooks(business)
            if principal.business_id != Some(business) =>
        {
            None
        }
        Action::ReadOwnBusiness(_) | Action::ExportComplaints => Some(ApiScope::ReadCases),
        Action::ManageWebhooks(_) => Some(ApiScope::ManageWebhooks),
        _ => None,
    };
    match needed {
        Some(scope) => ApiError::missing_scope(scope),
        None => ApiError::forbidden_because(Text::new(
            "API 密钥只能处理本经营者的投诉和 Webhook；这项操作请用账号登录后进行。",
            "An API key handles its business's cases and webhooks only; sign in with an account to do this.",
        )),
    }
}

/// Who may take the action, said to a person who may not.
fn who_may(action: Action) -> Text {
    let (zh, en) = match action {
        Action::ManageOwnAccount | Action::ReadOwnNotifications => {
            ("您的账号无权进行此操作。", "Your account may not do this.")
        }
        Action::ManageAssociations => (
            "只有平台管理员可以创建协会或更改协会名称。",
            "Only platform admins create or rename associations.",
        ),
        Action::RetrainClassifier => (
            "只有平台管理员可以查看和重新训练投诉分类模型。",
            "Only platform admins see and retrain the complaint classifier.",
        ),
        Action::MoveDemoClock => (
            "只有平台管理员可以调整演示服务器的时钟。",
            "Only platform admins set a demo server's clock.",
        ),
        Action::ManageStaff(_) => (
            "只有本协会的管理员或平台管理员可以管理本协会的工作人员。",
            "Only the association's own admins, or platform admins, manage its staff.",
        ),
        Action::RegisterBusinesses => (
            "只有协会工作人员可以登记经营者、维护其别名。",
            "Only association staff register businesses and keep their other names.",
        ),
        Action::ManageBusiness(_) => (
            "只有服务该经营者所在地区的协会管理员或平台管理员可以管理其入驻和账号。",
            "Only the admins of the association serving the business's region, or platform admins, manage its membership and accounts.",
        ),
        Action::MergeBusinesses(_) => (
            "只有服务该经营者所在地区的协会管理员和受理人员或平台管理员可以合并其记录。",
            "Only the admins and intake officers of the association serving the business's region, or platform admins, merge its records.",
        ),
        Action::FileComplaints => (
            "只有消费者账号可以提交投诉。",
            "Only consumer accounts file complaints.",
        ),
        Action::ManageOwnBusiness(_) | Action::ManageTeam(_) | Action::ManageWebhooks(_) => (
            "只有该经营者的负责人和管理员可以进行此操作，请联系他们。",
            "Only the business's owners and managers may do this; ask one of them.",
        ),
        Action::ChangeMemberRoles(_) => (
            "只有该经营者的负责人可以更改成员的角色。",
            "Only the business's owners change its members' roles.",
        ),
        Action::JoinBusiness => (
            "只有尚未隶属任何经营者的企业账号可以申请入驻或接受邀请（注册：POST /auth/register/business）。",
            "Only a business account that works for no business yet applies to join or accepts an invitation (register one with POST /auth/register/business).",
        ),
        Action::FollowOwnApplications => (
            "只有企业账号有入驻申请。",
            "Only business accounts have joining applications.",
        ),
        Action::ReviewApplications | Action::DecideApplication(_) => (
            "只有服务该地区的协会受理人员和管理员或平台管理员可以审核入驻申请。",
            "Only the intake officers and admins of the association serving the region, or platform admins, review joining applications.",
        ),
        Action::ReadOwnBusiness(_) => (
            "只有该经营者自己的用户可以查看。",
            "Only the business's own users may read this.",
        ),
        Action::ManageCasePublicity | Action::PublishCasePublicity(_) => (
            "只有负责这些投诉的协会的管理员和调解员或平台管理员可以公示经营者或撤销公示。",
            "Only the admins and mediators of the association handling the cases, or platform admins, list a business for case publicity or lift a listing.",
        ),
        Action::VerifyCaseBundles => (
            "只有协会工作人员和平台管理员可以校验案件包。",
            "Only association staff and platform admins check case bundles.",
        ),
        Action::ImportCaseBundles => (
            "只有协会的受理人员和管理员可以导入案件包。",
            "Only an association's intake officers and admins import case bundles.",
        ),
        Action::AskQuestions => (
            "只有消费者账号可以提交咨询。",
            "Only consumer accounts ask questions.",
        ),
        Action::HandleEnquiries | Action::HandleEnquiry(_) => (
            "只有负责该地区的协会工作人员或平台管理员可以处理咨询。",
            "Only the staff of the association serving the region, or platform admins, handle its enquiries.",
        ),
        Action::WriteArticles | Action::EditArticle(_) => (
            "只有协会工作人员可以编写消费指引，且只能修改本协会的文章。",
            "Only association staff write guidance, and only their own association's articles.",
        ),
        Action::FindGroupComplaints(_) => (
            "只有本协会的工作人员可以查看集体投诉。",
            "Only the association's own staff see its group complaints.",
        ),
        Action::FormGroupComplaints(_) => (
            "只有本协会的受理人员和管理员可以确认集体投诉、添加投诉或指派调解员。",
            "Only the association's intake officers and admins confirm group complaints, add cases to them or assign their mediator.",
        ),
        Action::ReadSurgeAlerts(_) => (
            "只有本协会的工作人员或平台管理员可以查看本协会的投诉激增预警。",
            "Only the association's own staff, or platform admins, see its complaint surge alerts.",
        ),
        Action::IssueWarnings(_) => (
            "只有本协会的工作人员或平台管理员可以发布或撤回本协会的消费警示。",
            "Only the association's own staff, or platform admins, issue or withdraw its consumer warnings.",
        ),
        Action::ReadDashboard(_) => (
            "只有本协会的工作人员或平台管理员可以查看本协会的工作台。",
            "Only the association's own staff, or platform admins, see its dashboard.",
        ),
        Action::ExportComplaints => (
            "消费者不导出投诉表格，请在投诉列表中查看自己的投诉。",
            "Consumers do not export spreadsheets; their complaints are in the complaint list.",
        ),
    };
    Text::new(zh, en)
}

pub fn allows(principal: &Principal, action: Action) -> bool {
    let platform_admin = principal.kind == UserKind::PlatformAdmin;
    match action {
        // An API key acts for a business's system, not for a person with
        // an account and an inbox.
        Action::ManageOwnAccount | Action::ReadOwnNotifications => !principal.is_api_key(),
        Action::ManageAssociations | Action::MoveDemoClock | Action::RetrainClassifier => {
            platform_admin
        }
        Action::ManageStaff(association) => {
            platform_admin
                || (principal.has_role(StaffRole::AssociationAdmin)
                    && principal.association_id == Some(association))
        }
        Action::RegisterBusinesses => platform_admin || principal.kind == UserKind::Staff,
        Action::ManageBusiness(association) => {
            platform_admin
                || (principal.has_role(StaffRole::AssociationAdmin)
                    && principal.association_id == Some(association))
        }
        Action::MergeBusinesses(association) => {
            platform_admin
                || (principal.association_id == Some(association)
                    && (principal.has_role(StaffRole::AssociationAdmin)
                        || principal.has_role(StaffRole::IntakeOfficer)))
        }
        Action::FileComplaints => principal.kind == UserKind::Consumer,
        Action::ManageOwnBusiness(business) | Action::ManageTeam(business) => {
            principal.acts_for(business, &[BusinessRole::Owner, BusinessRole::Manager])
        }
        Action::JoinBusiness => {
            principal.kind == UserKind::Business
                && !principal.is_api_key()
                && principal.business_id.is_none()
        }
        Action::FollowOwnApplications => {
            principal.kind == UserKind::Business && !principal.is_api_key()
        }
        Action::ReviewApplications => platform_admin || reviews(principal),
        Action::DecideApplication(association) => {
            platform_admin || (reviews(principal) && principal.association_id == Some(association))
        }
        Action::ChangeMemberRoles(business) => principal.acts_for(business, &[BusinessRole::Owner]),
        Action::ReadOwnBusiness(business) => {
            principal.kind == UserKind::Business
                && principal.business_id == Some(business)
                && principal.may(ApiScope::ReadCases)
        }
        Action::ExportComplaints => match principal.kind {
            UserKind::Business => principal.may(ApiScope::ReadCases),
            UserKind::Staff | UserKind::PlatformAdmin => true,
            UserKind::Consumer => false,
        },
        Action::ManageWebhooks(business) => {
            if principal.is_api_key() {
                principal.business_id == Some(business) && principal.may(ApiScope::ManageWebhooks)
            } else {
                principal.acts_for(business, &[BusinessRole::Owner, BusinessRole::Manager])
            }
        }
        Action::ManageCasePublicity => {
            platform_admin
                || (principal.kind == UserKind::Staff
                    && (principal.has_role(StaffRole::AssociationAdmin)
                        || principal.has_role(StaffRole::Mediator)))
        }
        Action::PublishCasePublicity(association) => {
            platform_admin
                || (principal.association_id == Some(association)
                    && (principal.has_role(StaffRole::AssociationAdmin)
                        || principal.has_role(StaffRole::Mediator)))
        }
        Action::VerifyCaseBundles => platform_admin || principal.kind == UserKind::Staff,
        Action::ImportCaseBundles => principal.association_id.is_some() && reviews(principal),
        Action::AskQuestions => principal.kind == UserKind::Consumer,
        Action::HandleEnquiries | Action::WriteArticles => {
            platform_admin || principal.kind == UserKind::Staff
        }
        Action::HandleEnquiry(association)
        | Action::EditArticle(association)
        | Action::FindGroupComplaints(association)
        | Action::ReadSurgeAlerts(association)
        | Action::IssueWarnings(association)
        | Action::ReadDashboard(association) => {
            platform_admin
                || (principal.kind == UserKind::Staff
                    && principal.association_id == Some(association))
        }
        Action::FormGroupComplaints(association) => {
            platform_admin || (reviews(principal) && principal.association_id == Some(association))
        }
    }
}

fn reviews(principal: &Principal) -> bool {
    principal.has_role(StaffRole::AssociationAdmin) || principal.has_role(StaffRole::IntakeOfficer)
}

/// Owners invite managers and handlers; managers invite handlers. Nobody is
/// invited as an owner: an owner makes a member an owner.
pub fn may_invite(principal: &Principal, role: BusinessRole) -> bool {
    match principal.business_role {
        Some(BusinessRole::Owner) => role != BusinessRole::Owner,
        Some(BusinessRole::Manager) => role == BusinessRole::Handler,
        _ => false,
    }
}

/// Owners remove anyone (but never the last owner); managers remove handlers.
pub fn may_remove(principal: &Principal, member: BusinessRole) -> bool {
    match principal.business_role {
        Some(BusinessRole::Owner) => true,
        Some(BusinessRole::Manager) => member == BusinessRole::Handler,
        _ => false,
    }
}

/// Only a platform admin may give someone the association admin role;
/// association admins manage intake officers and mediators.
pub fn may_grant(principal: &Principal, role: StaffRole) -> bool {
    principal.kind == UserKind::PlatformAdmin || role != StaffRole::AssociationAdmin
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::UserId;

    fn principal(
        kind: UserKind,
        roles: &[StaffRole],
        association: Option<AssociationId>,
    ) -> Principal {
        Principal {
            user_id: UserId::generate(),
            session_id: uuid::Uuid::now_v7(),
            kind,
            roles: roles.to_vec(),
            association_id: association,
            business_id: None,
            business_role: None,
            scopes: None,
        }
    }

    fn business_user(business: BusinessId, role: Option<BusinessRole>) -> Principal {
        Principal {
            business_id: Some(business),
            business_role: role,
            ..principal(UserKind::Business, &[], None)
        }
    }

    #[test]
    fn association_admins_manage_only_their_own_staff() {
        let mine = AssociationId::generate();
        let other = AssociationId::generate();
        let admin = principal(UserKind::Staff, &[StaffRole::AssociationAdmin], Some(mine));

        assert!(allows(&admin, Action::ManageStaff(mine)));
        assert!(!allows(&admin, Action::ManageStaff(other)));
        assert!(!allows(&admin, Action::ManageAssociations));
    }

    #[test]
    fn mediators_and_consumers_manage_no_staff() {
        let mine = AssociationId::generate();
        let mediator = principal(UserKind::Staff, &[StaffRole::Mediator], Some(mine));
        let consumer = principal(UserKind::Consumer, &[], None);

        assert!(!allows(&mediator, Action::ManageStaff(mine)));
        assert!(!allows(&consumer, Action::ManageStaff(mine)));
    }

    #[test]
    fn a_business_reads_its_own_workspace_and_only_people_manage_it() {
        let mine = BusinessId::generate();
        let user = business_user(mine, Some(BusinessRole::Manager));
        let handler = business_user(mine, Some(BusinessRole::Handler));
        let reader_key = Principal {
            scopes: Some(vec![ApiScope::ReadCases]),
            ..business_user(mine, None)
        };
        let webhook_key = Principal {
            scopes: Some(vec![ApiScope::ManageWebhooks]),
            ..business_user(mine, None)
        };

        assert!(allows(&user, Action::ReadOwnBusiness(mine)));
        assert!(allows(&handler, Action::ReadOwnBusiness(mine)));
        assert!(allows(&user, Action::ManageOwnBusiness(mine)));
        assert!(allows(&reader_key, Action::ReadOwnBusiness(mine)));
        assert!(!allows(&reader_key, Action::ManageOwnBusiness(mine)));
        assert!(!allows(&webhook_key, Action::ReadOwnBusiness(mine)));
        assert!(!allows(&webhook_key, Action::ExportComplaints));
        let other = BusinessId::generate();
        assert!(!allows(&user, Action::ReadOwnBusiness(other)));
    }

    #[test]
    fn a_refusal_names_the_missing_scope_or_who_may() {
        let mine = BusinessId::generate();
        let reader_key = Principal {
            scopes: Some(vec![ApiScope::ReadCases]),
            ..business_user(mine, None)
        };
        let handler = business_user(mine, Some(BusinessRole::Handler));

        let scope = authorize(&reader_key, Action::ManageWebhooks(mine)).unwrap_err();
        let role = authorize(&handler, Action::ManageTeam(mine)).unwrap_err();
        let other = authorize(&reader_key, Action::ManageWebhooks(BusinessId::generate()));

        assert!(
            scope.detail.en.contains("manage_webhooks"),
            "{}",
            scope.detail.en
        );
        assert!(
            role.detail.en.contains("owners and managers"),
            "{}",
            role.detail.en
        );
        assert!(!other.unwrap_err().detail.en.contains("scope"));
    }

    #[test]
    fn consumers_export_nothing() {
        let consumer = principal(UserKind::Consumer, &[], None);
        let mediator = principal(UserKind::Staff, &[StaffRole::Mediator], None);

        assert!(!allows(&consumer, Action::ExportComplaints));
        assert!(allows(&mediator, Action::ExportComplaints));
    }

    #[test]
    fn webhooks_are_managed_by_the_business_and_its_keys_with_the_scope() {
        let mine = BusinessId::generate();
        let user = business_user(mine, Some(BusinessRole::Owner));
        let handler = business_user(mine, Some(BusinessRole::Handler));
        let mut key = business_user(mine, None);
        key.scopes = Some(vec![ApiScope::ManageWebhooks]);
        let mut reader = key.clone();
        reader.scopes = Some(vec![ApiScope::ReadCases]);
        let other = business_user(BusinessId::generate(), Some(BusinessRole::Owner));

        assert!(allows(&user, Action::ManageWebhooks(mine)));
        assert!(!allows(&handler, Action::ManageWebhooks(mine)));
        assert!(allows(&key, Action::ManageWebhooks(mine)));
        assert!(!allows(&reader, Action::ManageWebhooks(mine)));
        assert!(!allows(&other, Action::ManageWebhooks(mine)));
    }

    #[test]
    fn handlers_handle_cases_but_manage_neither_keys_nor_team() {
        let business = BusinessId::generate();
        let owner = business_user(business, Some(BusinessRole::Owner));
        let manager = business_user(business, Some(BusinessRole::Manager));
        let handler = business_user(business, Some(BusinessRole::Handler));

        assert!(allows(&owner, Action::ManageOwnBusiness(business)));
        assert!(allows(&manager, Action::ManageOwnBusiness(business)));
        assert!(!allows(&handler, Action::ManageOwnBusiness(business)));
        assert!(!allows(&handler, Action::ManageTeam(business)));
        assert!(!allows(
            &owner,
            Action::ManageOwnBusiness(BusinessId::generate())
        ));
    }

    #[test]
    fn owners_invite_managers_and_managers_invite_handlers() {
        let business = BusinessId::generate();
        let owner = business_user(business, Some(BusinessRole::Owner));
        let manager = business_user(business, Some(BusinessRole::Manager));

        assert!(may_invite(&owner, BusinessRole::Manager));
        assert!(may_invite(&owner, BusinessRole::Handler));
        assert!(!may_invite(&owner, BusinessRole::Owner));
        assert!(may_invite(&manager, BusinessRole::Handler));
        assert!(!may_invite(&manager, BusinessRole::Manager));
        assert!(may_remove(&owner, BusinessRole::Manager));
        assert!(!may_remove(&manager, BusinessRole::Manager));
        assert!(allows(&owner, Action::ChangeMemberRoles(business)));
        assert!(!allows(&manager, Action::ChangeMemberRoles(business)));
    }

    #[test]
    fn only_a_business_account_without_a_business_applies_to_join() {
        let newcomer = principal(UserKind::Business, &[], None);
        let member = business_user(BusinessId::generate(), Some(BusinessRole::Owner));
        let consumer = principal(UserKind::Consumer, &[], None);

        assert!(allows(&newcomer, Action::JoinBusiness));
        assert!(!allows(&member, Action::JoinBusiness));
        assert!(!allows(&consumer, Action::JoinBusiness));
        assert!(allows(&member, Action::FollowOwnApplications));
    }

    #[test]
    fn intake_officers_and_admins_review_their_own_association_applications() {
        let mine = AssociationId::generate();
        let intake = principal(UserKind::Staff, &[StaffRole::IntakeOfficer], Some(mine));
        let mediator = principal(UserKind::Staff, &[StaffRole::Mediator], Some(mine));

        assert!(allows(&intake, Action::DecideApplication(mine)));
        assert!(!allows(
            &intake,
            Action::DecideApplication(AssociationId::generate())
        ));
        assert!(!allows(&mediator, Action::ReviewApplications));
    }

    #[test]
    fn admins_and_mediators_of_the_association_publish_case_publicity() {
        let mine = AssociationId::generate();
        let admin = principal(UserKind::Staff, &[StaffRole::AssociationAdmin], Some(mine));
        let mediator = principal(UserKind::Staff, &[StaffRole::Mediator], Some(mine));
        let intake = principal(UserKind::Staff, &[StaffRole::IntakeOfficer], Some(mine));
        let platform = principal(UserKind::PlatformAdmin, &[], None);
        let other = AssociationId::generate();

        assert!(allows(&admin, Action::PublishCasePublicity(mine)));
        assert!(allows(&mediator, Action::PublishCasePublicity(mine)));
        assert!(allows(&platform, Action::PublishCasePublicity(mine)));
        assert!(!allows(&intake, Action::PublishCasePublicity(mine)));
        assert!(!allows(&mediator, Action::PublishCasePublicity(other)));
        assert!(allows(&mediator, Action::ManageCasePublicity));
        assert!(!allows(&intake, Action::ManageCasePublicity));
    }

    #[test]
    fn only_platform_admins_grant_the_association_admin_role() {
        let admin = principal(
            UserKind::Staff,
            &[StaffRole::AssociationAdmin],
            Some(AssociationId::generate()),
        );
        let platform = principal(UserKind::PlatformAdmin, &[], None);

        assert!(!may_grant(&admin, StaffRole::AssociationAdmin));
        assert!(may_grant(&admin, StaffRole::Mediator));
        assert!(may_grant(&platform, StaffRole::AssociationAdmin));
    }
}
