//! What the app remembers in the browser's `localStorage`, under one key
//! each. Only these three things are kept: never an access token or a
//! password.

/// The refresh token of the signed-in session, so that a reload or a link
/// opened in a new tab stays signed in.
pub const REFRESH_TOKEN: &str = "redress.refresh_token";

/// The language chosen with the switcher (`zh-CN` or `en`).
pub const LANGUAGE: &str = "redress.language";

/// `large` when the large-text switch is on.
pub const TEXT_SIZE: &str = "redress.text_size";

/// The value kept under `key`, if any. Storage that the browser refuses
/// (private modes, blocked cookies) reads as empty.
pub fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key`; a browser that refuses keeps nothing, and the
/// app works on without remembering.
pub fn write(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Forgets what was kept under `key`.
pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
