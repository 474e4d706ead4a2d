//! The complaint classifier: hashed word and character features of a
//! complaint's text, one multinomial logistic regression per label set
//! ("head": category, nature), trained by stochastic gradient descent with a
//! fixed seed, and stored as a small quantised file.
//!
//! Used by the server (prediction, retraining on staff corrections) and by
//! `cargo xtask train-classifier` (training on the replay data, evaluation).
//! No learning crate: the learner is [`training`].

pub mod evaluation;
pub mod features;
pub mod file;
pub mod model;
pub mod random;
pub mod training;

pub use features::{FeatureVector, Featurizer, jieba};
pub use file::ModelFileError;
pub use model::{Head, Model, Scored};
pub use training::{Example, TrainingOptions};
