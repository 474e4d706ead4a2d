//! English (en).

use super::Key::{self, *};

/// Every UI text in English.
pub const CATALOGUE: &[(Key, &str)] = &[
    (AppName, "redress consumer complaints"),
    (LanguageName, "English"),
    (LanguageSwitch, "Language"),
    (Loading, "Loading…"),
    (RequestId, "Request id:"),
    (
        ErrorNetwork,
        "The server could not be reached. Check your connection and try again.",
    ),
    (
        ErrorUnexpected,
        "The server sent a response we could not read (HTTP {status}). Please try again later.",
    ),
    (
        ErrorSignedOut,
        "Your session has ended. Please log in again.",
    ),
    (LoginTitle, "Log in"),
    (
        LoginIntro,
        "Consumers log in with their mobile number or e-mail address, staff with their login name.",
    ),
    (LoginField, "Mobile number, e-mail or login name"),
    (LoginFieldHint, "for example 13800138000"),
    (PasswordField, "Password"),
    (LoginSubmit, "Log in"),
    (LoginPending, "Logging in…"),
    (MeTitle, "My account"),
    (DisplayName, "Name"),
    (AccountKind, "Account type"),
    (LoginName, "Login name"),
    (Phone, "Mobile number"),
    (Email, "E-mail"),
    (Roles, "Roles"),
    (ListSeparator, ", "),
    (Association, "Association"),
    (Logout, "Log out"),
    (LogoutPending, "Logging out…"),
    (KindConsumer, "Consumer"),
    (KindBusiness, "Business handler"),
    (KindStaff, "Staff"),
    (KindPlatformAdmin, "Platform admin"),
    (RoleIntakeOfficer, "Intake officer"),
    (RoleMediator, "Mediator"),
    (RoleAssociationAdmin, "Association admin"),
    (NotFoundTitle, "Page not found"),
    (
        NotFoundBody,
        "The page you asked for does not exist or has moved.",
    ),
    (NotFoundLink, "Back to the start page"),
];
