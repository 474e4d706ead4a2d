//! Suggesting a complaint's category and nature from its text: the model
//! trained by `cargo xtask train-classifier` (committed as
//! `api/data/classifier/model.bin` and embedded in the server), staff's
//! corrections of the labels, and retraining on them without a restart.

pub mod corrections;
pub mod retraining;
pub mod routes;
pub mod suggester;

pub use suggester::Suggester;
