//! The words of the UI in every language it speaks.
//!
//! Components name text by [`Key`] and never hold literal strings; each
//! language keeps its catalogue in its own file under `i18n/`. The tests below
//! fail when a catalogue lacks a key, repeats one or leaves one empty.

mod en;
mod zh_cn;

use leptos::prelude::*;
use shared::accounts::{StaffRole, UserKind};

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
    /// Starts in the default language and makes it available to descendants.
    pub fn provide() -> Self {
        let i18n = Self {
            language: RwSignal::new(Language::default()),
        };
        provide_context(i18n);
        Effect::new(move || follow_language(i18n.language.get()));
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

    /// Switches every text of the UI, and the server's messages, to `language`.
    pub fn set_language(self, language: Language) {
        self.language.set(language);
    }

    /// The text of `key` in the current language; reactive.
    pub fn tr(self, key: Key) -> &'static str {
        self.language().text(key)
    }
}

/// Keeps `<html lang>`, the window title and the language the API answers
/// in, in step with the UI language.
fn follow_language(language: Language) {
    crate::api::client().set_language(language.tag());
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
            let in_chinese = Language::ZhCn.text(*key).contains("{status}");
            let in_english = Language::En.text(*key).contains("{status}");

            assert_eq!(in_chinese, in_english, "{key:?}");
        }
    }

    #[test]
    fn text_is_looked_up_in_the_asked_language() {
        assert_eq!(Language::ZhCn.text(Key::Logout), "退出登录");
        assert_eq!(Language::En.text(Key::Logout), "Log out");
    }
}
