//! The model the server serves: the committed one, or the committed one
//! fine-tuned on staff corrections, swapped in whole when retraining ends.

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use chrono::{DateTime, Utc};
use classifier::training::fine_tune;
use classifier::{FeatureVector, Model, ModelFileError, Scored, TrainingOptions, file};

/// The model `cargo xtask train-classifier` wrote.
const COMMITTED: &[u8] = include_bytes!("../../data/classifier/model.bin");

/// The heads the server serves.
pub const CATEGORY: &str = "category";
pub const NATURE: &str = "nature";

/// A text with the labels staff gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelledText {
    pub text: String,
    pub category_code: String,
    pub nature_code: String,
}

/// What the served model is, for the status endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Served {
    pub corrections_learned: u64,
    pub retrained_at: Option<DateTime<Utc>>,
    pub retraining: bool,
    /// Asked again while retraining: corrections may have come meanwhile.
    pub again: bool,
}

/// The committed model, the served one and how it came to be.
pub struct Suggester {
    committed: Arc<Model>,
    served: RwLock<Arc<Model>>,
    status: Mutex<Served>,
}

impl Suggester {
    /// The committed model, served as it is until a retraining.
    pub fn committed() -> Result<Self, ModelFileError> {
        let model = Arc::new(file::from_bytes(COMMITTED)?);
        Ok(Self {
            served: RwLock::new(model.clone()),
            committed: model,
            status: Mutex::new(Served::default()),
        })
    }

    /// The categories and natures of `text`, most likely first.
    pub fn suggest(&self, text: &str) -> (Vec<Scored>, Vec<Scored>) {
        let model = self
            .served
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        (model.rank(CATEGORY, text), model.rank(NATURE, text))
    }

    pub fn status(&self) -> Served {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Marks a retraining as started and true; when one already runs,
    /// false, and the running one goes round once more when done.
    pub fn start_retraining(&self) -> bool {
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if status.retraining {
            status.again = true;
            return false;
        }
        status.retraining = true;
        true
    }

    /// Ends a round of retraining: true when it was asked for again
    /// meanwhile and should go round once more.
    pub fn end_round(&self) -> bool {
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if std::mem::take(&mut status.again) {
            return true;
        }
        status.retraining = false;
        false
    }

    /// The committed model fine-tuned on `corrections` (every one of them,
    /// so that retraining twice on the same corrections gives the same
    /// model). Takes a moment: run it off the request threads.
    pub fn retrain(&self, corrections: &[LabelledText]) -> Model {
        let featurizer = self.committed.featurizer;
        let features: Vec<FeatureVector> = corrections
            .iter()
            .map(|c| featurizer.features(&c.text))
            .collect();
        let options = TrainingOptions {
            epochs: 200,
            learning_rate: 2.0,
            ..TrainingOptions::default()
        };
        let heads = self
            .committed
            .heads
            .iter()
            .map(|head| {
                let examples: Vec<(&FeatureVector, &str)> = features
                    .iter()
                    .zip(corrections)
                    .map(|(f, c)| (f, label(c, &head.name)))
                    .collect();
                if examples.is_empty() {
                    head.clone()
                } else {
                    fine_tune(head, &examples, options)
                }
            })
            .collect();
        Model { featurizer, heads }
    }

    /// Serves `model` from now on, learned from `learned` corrections.
    pub fn serve(&self, model: Model, learned: u64, now: DateTime<Utc>) {
        *self.served.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(model);
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        status.corrections_learned = learned;
        status.retrained_at = Some(now);
    }
}

fn label<'a>(correction: &'a LabelledText, head: &str) -> &'a str {
    if head == NATURE {
        &correction.nature_code
    } else {
        &correction.category_code
    }
}
