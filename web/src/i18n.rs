//! The words of the UI in every language it speaks.
//!
//! Components name text by [`Key`] and never hold literal strings; each
//! language keeps its catalogue in its own file under `i18n/`. The tests below
//! fail when a catalogue lacks a key, repeats one or leaves one empty.

mod en;
mod zh_cn;

use leptos::prelude::*;
use shared::accounts::{StaffRole, UserKind};

use crate::{api, storage};

/// A language the UI is available in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Language {
    /// Every language, in the order the switcher offers them.
    pub const ALL: [Language; 2] = [Self::ZhCn, Self::En];

    /// The BCP 47 tag, sent as `Accept-Language` and set on `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    /// The language of a tag kept by [`Language::tag`]; `None` for others.
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|language| language.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The text of `key` in this language.
    pub fn text(self, key: Key) -> &'static str {
        lookup(self.catalogue(), key)
            .or_else(|| lookup(Self::default().catalogue(), key))
            .unwrap_or_default()
    }

    fn catalogue(self) -> &'static [(Key, &'static str)] {
        match self {
            Self::ZhCn => zh_cn::CATALOGUE,
            Self::En => en::CATALOGUE,
        }
    }
}

fn lookup(catalogue: &[(Key, &'static str)], key: Key) -> Option<&'static str> {
    catalogue
        .iter()
        .find(|(candidate, _)| *candidate == key)
        .map(|(_, text)| *text)
}

/// Declares [`Key`] together with [`Key::ALL`], so that no key can be left
/// out of the list the tests walk.
macro_rules! keys {
    ($($name:ident),* $(,)?) => {
        /// Names one piece of UI text; its words live in the catalogues.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key {
            $($name,)*
        }

        impl Key {
            /// Every key, for the tests that check the catalogues.
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$name,)*];
        }
    };
}

keys! {
    AppName,
    LanguageName,
    LanguageSwitch,
    Loading,
    RequestId,
    ErrorNetwork,
    ErrorUnexpected,
    ErrorSignedOut,
    LoginTitle,
    LoginIntro,
    LoginField,
    LoginFieldHint,
    PasswordField,
    LoginSubmit,
    LoginPending,
    MeTitle,
    DisplayName,
    AccountKind,
    LoginName,
    Phone,
    Email,
    Roles,
    ListSeparator,
    Association,
    Logout,
    LogoutPending,
    KindConsumer,
    KindBusiness,
    KindStaff,
    KindPlatformAdmin,
    RoleIntakeOfficer,
    RoleMediator,
    RoleAssociationAdmin,
    NotFoundTitle,
    NotFoundBody,
    NotFoundLink,
    // The public portal
    PubHomeTitle,
    PubHomeIntro,
    PubSearchLabel,
    PubSearchHint,
    PubSearch,
    PubExplore,
    PubLastYear,
    PubMoreStats,
    PubLatestComplaints,
    PubAllComplaints,
    PubComplaintsTitle,
    PubFilters,
    PubAny,
    PubCategory,
    PubNature,
    PubProvince,
    PubState,
    PubOutcome,
    PubDeadlines,
    PubFiledFrom,
    PubFiledTo,
    PubSort,
    PubSortDefault,
    PubSortRelevance,
    PubSortNewest,
    PubSortOldest,
    PubClearFilters,
    PubMatches,
    PubMatchesAtLeast,
    PubNoMatches,
    PubFacets,
    PubMore,
    PubFiledOn,
    PubBusinessRecord,
    PubDeadlinesMet,
    PubDeadlinesMissed,
    PubOutcomeOpen,
    PubStateSubmitted,
    PubStateInfoRequested,
    PubStateReconciling,
    PubStateMediating,
    PubStateAwaitingPerformance,
    PubStateClosed,
    PubOutcomeResolved,
    PubOutcomeRejected,
    PubOutcomeWithdrawn,
    PubOutcomeMediationFailed,
    PubOutcomeNotPerformed,
    PubDemandRefund,
    PubDemandReplacement,
    PubDemandRepair,
    PubDemandCompensation,
    PubDemandApology,
    PubDemandOther,
    PubDeadlineAcceptance,
    PubDeadlineInformation,
    PubDeadlineReconciliation,
    PubDeadlineMediation,
    PubDeadlinePerformance,
    PubDeadlineRunning,
    PubDeadlineMet,
    PubDeadlineMissed,
    PubDeadlineCancelled,
    PubStepFiled,
    PubStepAccepted,
    PubStepRejected,
    PubStepTransferred,
    PubStepInfoRequested,
    PubStepInfoAnswered,
    PubStepOfferAccepted,
    PubStepReconciliationMissed,
    PubStepAgreementRecorded,
    PubStepMediationEnded,
    PubStepMediationDeadlinePassed,
    PubStepPerformanceConfirmed,
    PubStepAgreementNotPerformed,
    PubStepWithdrawn,
    PubStepPublished,
    PubStepInfoRequestExpired,
    PubReplyOffer,
    PubReplyMessage,
    PubReasonNonMember,
    PubReasonDeadlineMissed,
    PubReasonClosedWithConsent,
    PubComplaintNumber,
    PubDemands,
    PubHandledBy,
    PubAcceptedOn,
    PubClosedOn,
    PubPublishedOn,
    PubMoneyRecovered,
    PubDescription,
    PubStages,
    PubDeadlinesTitle,
    PubDeadline,
    PubDueAt,
    PubDeadlineStatus,
    PubReplies,
    PubNoReplies,
    PubBusinessComment,
    PubRedactionNote,
    PubBadBusinessLink,
    PubMember,
    PubNotMember,
    PubSuspended,
    PubCreditCode,
    PubMemberSince,
    PubServiceContacts,
    PubHandlingRecord,
    PubLast12Months,
    PubAllTime,
    PubIndex,
    PubIndexTooFewCases,
    PubIndexNothingMeasured,
    PubReceived,
    PubAnsweredInTime,
    PubReconciliationSuccess,
    PubMediationCooperation,
    PubMediationSuccess,
    PubAgreementsPerformed,
    PubSatisfaction,
    PubCasePublicity,
    PubNoPublicityForBusiness,
    PubNoPublishedComplaints,
    PubAllPublished,
    PubListedBy,
    PubListedOn,
    PubCasesConcerned,
    PubLiftedOn,
    PubLiftingStatement,
    PubGroundRefusedMediation,
    PubGroundAgreementNotPerformed,
    PubPublicityActive,
    PubPublicityLifted,
    PubPublicityTitle,
    PubPublicityIntro,
    PubPublicityStatus,
    PubAllListings,
    PubNoPublicity,
    PubRankingsTitle,
    PubRankingsIntro,
    PubIndustry,
    PubPeriod,
    PubOrder,
    PubOrderBest,
    PubOrderWorst,
    PubShow,
    PubRankingPeriod,
    PubNoRanking,
    PubRank,
    PubBusiness,
    PubStatsTitle,
    PubStatsPeriod,
    PubNoStats,
    PubPublishedCount,
    PubCasesWithMoney,
    PubByMonth,
    PubByCategory,
    PubByNature,
    PubByOutcome,
    PubByProvince,
    PubMonth,
    PubCount,
    PubHandlingTimes,
    PubStage,
    PubAverage,
    PubDays,
    PubHandlingFilingToAcceptance,
    PubHandlingAcceptanceToAgreement,
    PubHandlingAgreementToPerformance,
    PubHandlingAcceptanceToClosing,
    PubOpenData,
    PubOpenDataAbout,
    PubDownload,
    PubOpenDataFields,
    PubFieldName,
    PubFieldMeaning,
    // Business and association staff portals
    BizInboxTitle,
    BizInboxIntro,
    BizJoinTitle,
    BizJoinIntro,
    BizJoinNone,
    BizJoinWithdraw,
    CaseActionAccept,
    CaseActionEndMediation,
    CaseActionMakeOffer,
    CaseActionOther,
    CaseActionRecordAgreement,
    CaseActionReject,
    CaseActionRequestInfo,
    CaseActionTransfer,
    CaseActorBusiness,
    CaseActorConsumer,
    CaseActorIntake,
    CaseActorMediator,
    CaseActorSystem,
    CaseAgreement,
    CaseAmount,
    CaseAmountHint,
    CaseAmountInvalid,
    CaseAmountYuan,
    CaseBadgeMissed,
    CaseBadgeOk,
    CaseBadgeSoon,
    CaseBusiness,
    CaseBusinessAgreed,
    CaseCategory,
    CaseChooseAssociation,
    CaseChooseTemplate,
    CaseConsumer,
    CaseConsumerAgreed,
    CaseDateInvalid,
    CaseDeadlineAcceptance,
    CaseDeadlineCancelled,
    CaseDeadlineInformation,
    CaseDeadlineMediation,
    CaseDeadlineMet,
    CaseDeadlineMissed,
    CaseDeadlinePerformance,
    CaseDeadlineReconciliation,
    CaseDeadlineRunning,
    CaseDeadlines,
    CaseDescription,
    CaseEndBusinessRefused,
    CaseEndNoAgreement,
    CaseEventAccepted,
    CaseEventAgreementRecorded,
    CaseEventFiled,
    CaseEventInfoAnswered,
    CaseEventInfoRequested,
    CaseEventMediationEnded,
    CaseEventMessage,
    CaseEventOfferAccepted,
    CaseEventOfferDeclined,
    CaseEventOfferMade,
    CaseEventPerformanceConfirmed,
    CaseEventRated,
    CaseEventRejected,
    CaseEventSessionScheduled,
    CaseEventTransferred,
    CaseEventWithdrawn,
    CaseFiled,
    CaseFilterAllStates,
    CaseFilterAny,
    CaseFilterDeadline,
    CaseFilterOverdue,
    CaseFilterSoon,
    CaseFilterState,
    CaseInternal,
    CaseInternalNote,
    CaseListEmpty,
    CaseListMore,
    CaseMessageBody,
    CaseMessages,
    CaseNoMessages,
    CaseNoTemplates,
    CaseNotFound,
    CaseNote,
    CaseOutcomeMediationFailed,
    CaseOutcomeNotPerformed,
    CaseOutcomeRejected,
    CaseOutcomeResolved,
    CaseOutcomeWithdrawn,
    CasePendingOffer,
    CasePerformBy,
    CasePubEdit,
    CasePubEditNote,
    CasePubEdited,
    CasePubNotPublished,
    CasePubPublished,
    CasePubRedactedText,
    CasePubReply,
    CasePubReplySend,
    CasePubReplySent,
    CasePubTakeDown,
    CasePubTakenDown,
    CasePubTitle,
    CaseQuestion,
    CaseReason,
    CaseRejectBeforeCourt,
    CaseRejectDuplicate,
    CaseRejectInsufficientInformation,
    CaseRejectNotConsumerDispute,
    CaseRejectOther,
    CaseRejectOutsideRemit,
    CaseSaveTemplate,
    CaseScheduleSession,
    CaseSendMessage,
    CaseSending,
    CaseSessionPlace,
    CaseSessionStarts,
    CaseStateAwaitingPerformance,
    CaseStateClosed,
    CaseStateInfoRequested,
    CaseStateMediating,
    CaseStateReconciling,
    CaseStateSubmitted,
    CaseSteps,
    CaseTemplateTitle,
    CaseTerms,
    CaseTimeline,
    CaseTitle,
    CaseTransferTo,
    CaseUseTemplate,
    JoinEventResubmitted,
    JoinEventSubmitted,
    JoinStateApproved,
    JoinStateMoreInfo,
    JoinStateRejected,
    JoinStateSubmitted,
    JoinStateWithdrawn,
    StaffIntakeIntro,
    StaffIntakeTitle,
    StaffJoiningApprove,
    StaffJoiningAskMore,
    StaffJoiningNone,
    StaffJoiningNote,
    StaffJoiningReject,
    StaffJoiningTitle,
    StaffMediationIntro,
    StaffMediationTitle,
    StaffPublicationIntro,
    StaffPublicationTitle,
    StaffDashboardTitle,
    StaffChartWorkload,
    StaffChartSoon,
    StaffChartOverdue,
    StaffDashBacklogTitle,
    StaffDashAwaiting,
    StaffDashInfoRequested,
    StaffDashOldest,
    StaffDashRiskCaption,
    StaffDashDeadline,
    StaffDashDueSoon,
    StaffDashOverdue,
    StaffDashPeriod,
    StaffDashTimesCaption,
    StaffDashStage,
    StaffDashStageAcceptance,
    StaffDashStageReconciliation,
    StaffDashStageMediation,
    StaffDashMedian,
    StaffDashP90,
    StaffDashCases,
    StaffDashMediatorsCaption,
    StaffDashMediator,
    StaffDashInMediation,
    StaffDashClosed,
    StaffDashOutcomes,
    StaffDashNoMediators,
    StaffDashTrendTitle,
    StaffDashFiledByMonth,
    StaffDashClosedByMonth,
    SettingsTitle,
    SettingsNoAssociation,
    SettingsDeadlines,
    SettingsAcceptanceDays,
    SettingsInformationDays,
    SettingsReconciliationDays,
    SettingsMediationDays,
    SettingsWholeDays,
    SettingsDisclosure,
    SettingsRuleNonMembers,
    SettingsRuleMissed,
    SettingsRuleClosed,
    SettingsSave,
    SettingsSaved,
    TeamTitle,
    TeamAdd,
    TeamLoginName,
    TeamInactive,
    AdminAssociationsTitle,
    AdminAppoint,
    AdminChooseAssociation,
    AdminCreate,
    AdminRegionCode,
    AdminRegionHint,
    AdminAssociationName,
    BizNoBusiness,
    FiguresTitle,
    FiguresReceived,
    FiguresReconciliation,
    FiguresInTime,
    FiguresMissed,
    FiguresReconciled,
    FiguresResolved,
    FiguresRatings,
    FiguresAverageRating,
    KeysTitle,
    KeysIntro,
    KeysNone,
    KeysCreate,
    KeysName,
    KeysScopes,
    KeysScopeRead,
    KeysScopeAct,
    KeysScopeWebhooks,
    KeysLastUsed,
    KeysRevoke,
    KeysRevoked,
    KeysSecretOnce,
    HookTitle,
    HookNone,
    HookCreate,
    HookUrl,
    HookUrlHint,
    HookDescription,
    HookEvents,
    HookComplaintAssigned,
    HookMessageReceived,
    HookOfferAnswered,
    HookDeadlineApproaching,
    HookMovedToMediation,
    HookCaseClosed,
    HookPaused,
    HookLog,
    HookNoDeliveries,
    HookPending,
    HookDelivered,
    HookFailed,
    HookRedeliver,
    HookSecretOnce,
    BizTeamTitle,
    BizRoleOwner,
    BizRoleManager,
    BizRoleHandler,
    BizInvitations,
    BizNoInvitations,
    BizInvite,
    BizInviteToken,
    BizInvitePending,
    BizInviteAccepted,
    BizInviteExpired,
    BizInviteRevoked,
    PublicityTitle,
    PublicityIntro,
    PublicityNone,
    PublicityList,
    PublicityListed,
    PublicityGround,
    PublicityRefusedMediation,
    PublicityNotPerformed,
    PublicityStatement,
    PublicityLift,
    PublicityLiftStatement,
    CaseEventAcceptanceMissed,
    CaseEventReconciliationMissed,
    CaseEventInfoExpired,
    CaseEventPublished,
    CaseEventUnpublished,
    CaseEventConsentGiven,
    CaseEventConsentWithdrawn,
    CaseEventPublicityListed,
    CaseEventPublicityLifted,
    // The consumer's portal
    RegisterTitle,
    RegisterIntro,
    RegisterName,
    RegisterNameHint,
    RegisterEmail,
    RegisterPasswordHint,
    RegisterSubmit,
    RegisterPending,
    RegisterHaveAccount,
    FileTitle,
    FileIntro,
    FileStepOf,
    FileStepBusiness,
    FileStepPurchase,
    FileStepStory,
    FileStepDemands,
    FileStepEvidence,
    FileStepReview,
    FileBack,
    FileNext,
    FileSubmit,
    FilePending,
    FileRetryHint,
    FileBusinessHint,
    FileBusinessSearch,
    FileBusinessSearchHint,
    FileBusinessNoMatch,
    FileBusinessChosen,
    FileBusinessChange,
    FileBusinessByHand,
    FileBusinessName,
    FileBusinessCreditCode,
    FileBusinessCreditCodeHint,
    FileRegion,
    FileRegionHint,
    FileProvince,
    FileCity,
    FileCounty,
    FilePurchaseHint,
    FileCategory,
    FileCategoryHint,
    FileCategoryItem,
    FileNature,
    FileChannel,
    FilePlatform,
    FilePlatformHint,
    FilePurchaseDate,
    FileAmount,
    FileAmountHint,
    FileOrderNumber,
    FileDescription,
    FileDescriptionHint,
    FileCharacterCount,
    FileDemandsLegend,
    FileDemandsHint,
    FileOtherDemand,
    FileEvidenceHint,
    FileEvidenceAdd,
    FileEvidenceRemove,
    FileUploading,
    FileUploaded,
    FileEvidenceCount,
    FileReviewHint,
    FilePreviewTitle,
    FilePreviewHint,
    FileConsent,
    FileNeedBusiness,
    FileCreditCodeLength,
    FileNeedRegion,
    FileNeedCategory,
    FileNeedNature,
    FileNeedChannel,
    FileNeedPlatform,
    FileDateInvalid,
    FileDateOutOfRange,
    FileAmountInvalid,
    FileAmountTooPrecise,
    FileAmountTooLarge,
    FileDescriptionTooShort,
    FileDescriptionTooLong,
    FileNeedDemand,
    FileNeedOtherDemand,
    ChooseOne,
    ChannelOnlinePlatform,
    ChannelOfflineShop,
    ChannelPhone,
    ChannelOther,
    DemandRefund,
    DemandReplacement,
    DemandRepair,
    DemandCompensation,
    DemandApology,
    DemandOther,
    StateSubmitted,
    StateInfoRequested,
    StateReconciling,
    StateMediating,
    StateAwaitingPerformance,
    StateClosed,
    OutcomeResolved,
    OutcomeRejected,
    OutcomeWithdrawn,
    OutcomeMediationFailed,
    OutcomeNotPerformed,
    DeadlineAcceptance,
    DeadlineInformation,
    DeadlineReconciliation,
    DeadlineMediation,
    DeadlinePerformance,
    CountdownDays,
    CountdownHours,
    CountdownOverdue,
    MyComplaintsTitle,
    MyComplaintsEmpty,
    PagePrevious,
    PageNext,
    CaseNumber,
    CaseOffer,
    MyCaseAgreement,
    MyCasePerformBy,
    CaseAcceptOffer,
    CaseDeclineOffer,
    MyCaseReason,
    CaseEscalate,
    CaseConfirmPerformance,
    CaseAnswerInfo,
    CaseAnswer,
    CaseWithdraw,
    CaseWithdrawReason,
    CaseRate,
    CaseRateComment,
    CaseRateSubmit,
    CaseConsentTitle,
    CaseConsentGiven,
    CaseConsentNotGiven,
    CasePublished,
    CaseConsentWithdraw,
    CaseConsentGive,
    MyCaseMessages,
    MyCaseNoMessages,
    CaseMessageNew,
    CaseMessageSend,
    MyCaseTimeline,
    CaseEvidence,
    CaseNoEvidence,
    RoleNameConsumer,
    RoleNameBusiness,
    RoleNameAssociation,
    RoleNameSystem,
    NotificationsTitle,
    NotificationsEmpty,
    NotificationsUnread,
    NotificationsReadAll,
    NotificationsMarkRead,
    EntryFiled,
    EntryAccepted,
    EntryRejected,
    EntryInfoRequested,
    EntryInfoAnswered,
    EntryTransferred,
    EntryOfferMade,
    EntryOfferAccepted,
    EntryOfferDeclined,
    EntryAgreementRecorded,
    EntryMediationEnded,
    EntryPerformanceConfirmed,
    EntryWithdrawn,
    EntryRated,
    EntryPublished,
    // App shell, formats, live updates and uploads
    NavMain,
    NavHome,
    NavComplaints,
    NavRankings,
    NavPublicity,
    NavMyComplaints,
    NavFile,
    NavInbox,
    NavIntake,
    NavMediation,
    NavPublication,
    NavAssociations,
    NavRegister,
    NavLogin,
    NavAccount,
    SkipToContent,
    LargeText,
    FormatCountdownDays,
    CountdownOneDay,
    FormatCountdownHours,
    CountdownOneHour,
    CountdownUnderHour,
    OverdueDays,
    OverdueOneDay,
    OverdueHours,
    OverdueOneHour,
    OverdueJustNow,
    WorkingDaysLeft,
    OneWorkingDayLeft,
    UploadChoose,
    UploadHint,
    UploadProgress,
    UploadDone,
    UploadRetry,
    CaseMediatorTitle,
    CaseMediatorHandOver,
    CaseMediatorChoose,
    CaseMediatorLoad,
    CaseMediatorCurrent,
    CaseFilterMine,
    CaseEventMediatorAssigned,
    EvidencePreview,
    EvidenceOpen,
    BundleHandOver,
    BundleDownload,
    BundleDownloadHint,
    ReferralRefer,
    ReferralRegulator,
    ReferralNote,
    ReferralDone,
    CaseEventReferred,
    CaseEventImported,
    BundleTitle,
    BundleIntro,
    BundleChoose,
    BundleUnreadable,
    BundleIntact,
    BundleBroken,
    BundleDigest,
    BundleImport,
    BundleImported,
    BundleImportedBefore,
    SuggestTitle,
    SuggestHint,
    SuggestPick,
    SuggestPicked,
    SuggestNature,
    SuggestStaffTitle,
    LabelsCorrect,
    LabelsSave,
    LabelsSaved,
    GuidanceTitle,
    GuidanceIntro,
    GuidanceArticles,
    GuidanceQuestions,
    GuidanceAskLink,
    GuidanceSearchLabel,
    GuidanceSearchHint,
    GuidanceNoArticles,
    GuidanceNoQuestions,
    GuidanceQuestion,
    GuidanceAnswer,
    GuidanceBack,
    GuidanceNoArticle,
    AskTitle,
    AskIntro,
    AskSent,
    AskQuestion,
    AskQuestionHint,
    AskConsent,
    AskSubmit,
    NavMyEnquiries,
    NavGuidance,
    NavEnquiries,
    MyEnquiriesEmpty,
    EnquiryComplaintLink,
    EnquiryOpen,
    EnquiryAnswered,
    EnquiryConverted,
    CaseEventJoinedGroup,
    GroupsTitle,
    GroupsIntro,
    GroupsProposals,
    GroupsProposalsHint,
    GroupsProposalsEmpty,
    GroupsConfirmed,
    GroupsConfirmedEmpty,
    GroupsCommonWords,
    GroupsTitleLabel,
    GroupsCause,
    GroupsConfirm,
    GroupsMembers,
    GroupsMemberCount,
    GroupsOfferPending,
    GroupsMediator,
    GroupsMediatorHint,
    GroupsAssignMediator,
    GroupsNoMediator,
    GroupsOfferTitle,
    GroupsOfferHint,
    GroupsOfferSend,
    GroupsOffered,
    GroupsSkipped,
    GroupsPartOf,
    GroupsJoinable,
    GroupsJoinableHint,
    GroupsJoin,
    GroupsJoined,
    GroupsSimilar,
    GroupsSimilarEmpty,
    GroupsSimilarity,
    GroupsOpen,
    StaffEnquiriesTitle,
    StaffEnquiriesIntro,
    StaffEnquiriesEmpty,
    StaffEnquiryAnswer,
    StaffEnquirySendAnswer,
    StaffEnquiryPublished,
    StaffEnquiryNoConsent,
    StaffEnquiryPublish,
    StaffEnquiryConvert,
    StaffEnquiryConvertSubmit,
    SuggestArticles,
    PerformanceTitle,
    PerformanceIntro,
    PerformanceChoose,
    PerformanceAssociation,
    PerformanceFiled,
    PerformanceAccepted,
    PerformanceClosed,
    PerformanceOpen,
    PerformanceByMonth,
    PerformanceTimes,
    PerformanceStep,
    PerformanceMedian,
    PerformanceP90,
    PerformanceCases,
    PerformanceToAccept,
    PerformanceToClose,
    PerformanceDeadlines,
    PerformanceDeadline,
    PerformanceMet,
    PerformanceMissed,
    PerformanceShareMet,
    PerformanceNoDeadlines,
}

impl From<UserKind> for Key {
    fn from(kind: UserKind) -> Self {
        match kind {
            UserKind::Consumer => Self::KindConsumer,
            UserKind::Business => Self::KindBusiness,
            UserKind::Staff => Self::KindStaff,
            UserKind::PlatformAdmin => Self::KindPlatformAdmin,
        }
    }
}

impl From<StaffRole> for Key {
    fn from(role: StaffRole) -> Self {
        match role {
            StaffRole::IntakeOfficer => Self::RoleIntakeOfficer,
            StaffRole::Mediator => Self::RoleMediator,
            StaffRole::AssociationAdmin => Self::RoleAssociationAdmin,
        }
    }
}

/// The language this tab shows, shared with every component through context.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    language: RwSignal<Language>,
}

impl I18n {
    /// Starts in the language chosen on an earlier visit (else the default)
    /// and makes it available to descendants. The API client asks for the
    /// server's messages in the same language.
    pub fn provide() -> Self {
        let remembered = storage::read(storage::LANGUAGE).and_then(|tag| Language::from_tag(&tag));
        let i18n = Self {
            language: RwSignal::new(remembered.unwrap_or_default()),
        };
        provide_context(i18n);
        Effect::new(move || {
            let language = i18n.language.get();
            mark_document(language);
            api::client().set_language(Some(language.tag()));
        });
        i18n
    }

    /// The instance provided by [`I18n::provide`].
    pub fn expect() -> Self {
        expect_context()
    }

    /// The current language; reactive.
    pub fn language(self) -> Language {
        self.language.get()
    }

    /// Switches every text of the UI to `language`, and remembers it.
    pub fn set_language(self, language: Language) {
        storage::write(storage::LANGUAGE, language.tag());
        self.language.set(language);
    }

    /// The text of `key` in the current language; reactive.
    pub fn tr(self, key: Key) -> &'static str {
        self.language().text(key)
    }
}

/// Keeps `<html lang>` and the window title in step with the UI language.
fn mark_document(language: Language) {
    let document = document();
    if let Some(root) = document.document_element() {
        // Only fails for an invalid attribute name, which "lang" is not.
        let _ = root.set_attribute("lang", language.tag());
    }
    document.set_title(language.text(Key::AppName));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(language: Language, key: Key) -> Vec<&'static str> {
        language
            .catalogue()
            .iter()
            .filter(|(candidate, _)| *candidate == key)
            .map(|(_, text)| *text)
            .collect()
    }

    #[test]
    fn every_key_has_exactly_one_text_in_every_language() {
        for language in Language::ALL {
            for key in Key::ALL {
                let texts = entries(language, *key);

                assert_eq!(texts.len(), 1, "{key:?} in {}: {texts:?}", language.tag());
                assert!(
                    !texts[0].trim().is_empty(),
                    "{key:?} in {} is blank",
                    language.tag()
                );
            }
        }
    }

    #[test]
    fn catalogues_hold_no_keys_beyond_the_list() {
        for language in Language::ALL {
            assert_eq!(
                language.catalogue().len(),
                Key::ALL.len(),
                "{}",
                language.tag()
            );
        }
    }

    #[test]
    fn placeholders_match_across_languages() {
        for key in Key::ALL {
            for placeholder in ["{status}", "{n}"] {
                let in_chinese = Language::ZhCn.text(*key).contains(placeholder);
                let in_english = Language::En.text(*key).contains(placeholder);

                assert_eq!(in_chinese, in_english, "{key:?} {placeholder}");
            }
        }
    }

    #[test]
    fn a_remembered_tag_gives_back_its_language() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
        assert_eq!(Language::from_tag("zh-cn"), Some(Language::ZhCn));
        assert_eq!(Language::from_tag("fr"), None);
    }

    #[test]
    fn text_is_looked_up_in_the_asked_language() {
        assert_eq!(Language::ZhCn.text(Key::Logout), "退出登录");
        assert_eq!(Language::En.text(Key::Logout), "Log out");
    }
}
