//! Whether someone is signed in on this tab. The tokens themselves live in
//! the API client (see [`crate::api`]); components only see this flag.

use leptos::prelude::*;

/// Whether someone is signed in, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    signed_in: RwSignal<bool>,
}

impl Session {
    /// Starts signed out and makes the session available to descendants.
    pub fn provide() -> Self {
        let session = Self {
            signed_in: RwSignal::new(false),
        };
        provide_context(session);
        session
    }

    /// The instance provided by [`Session::provide`].
    pub fn expect() -> Self {
        expect_context()
    }

    /// Whether someone is signed in; reactive.
    pub fn is_signed_in(self) -> bool {
        self.signed_in.get()
    }

    /// Marks the tab signed in, after the client kept a login's tokens.
    pub fn sign_in(self) {
        self.signed_in.set(true);
    }

    /// Marks the tab signed out.
    pub fn sign_out(self) {
        self.signed_in.set(false);
    }
}
