//! A trained model: the featurizer and one linear softmax classifier per
//! label set.

use crate::features::{FeatureVector, Featurizer};

/// One label set's classifier: a weight per bucket and label, and a bias
/// per label. Weights are laid out bucket by bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// What the labels are, e.g. `category` or `nature`.
    pub name: String,
    /// The labels, e.g. taxonomy codes.
    pub labels: Vec<String>,
    /// `buckets × labels.len()` weights.
    pub weights: Vec<f32>,
    /// One bias per label.
    pub bias: Vec<f32>,
}

/// A label with its probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub label: String,
    pub score: f32,
}

/// The featurizer and the heads trained with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub featurizer: Featurizer,
    pub heads: Vec<Head>,
}

impl Model {
    /// The head named `name`.
    pub fn head(&self, name: &str) -> Option<&Head> {
        self.heads.iter().find(|head| head.name == name)
    }

    /// The labels of head `name` for `text`, most probable first; empty
    /// when the model has no such head.
    pub fn rank(&self, name: &str, text: &str) -> Vec<Scored> {
        let Some(head) = self.head(name) else {
            return Vec::new();
        };
        head.rank(&self.featurizer.features(text))
    }
}

impl Head {
    /// A head with every weight zero.
    pub fn empty(name: &str, labels: Vec<String>, buckets: usize) -> Self {
        Self {
            name: name.to_owned(),
            weights: vec![0.0; buckets * labels.len()],
            bias: vec![0.0; labels.len()],
            labels,
        }
    }

    /// The probability of each label for `features`, in label order.
    pub fn probabilities(&self, features: &FeatureVector) -> Vec<f32> {
        let classes = self.labels.len();
        let mut scores = self.bias.clone();
        for (bucket, value) in &features.entries {
            let row = *bucket as usize * classes;
            for (score, weight) in scores.iter_mut().zip(&self.weights[row..row + classes]) {
                *score += weight * value;
            }
        }
        softmax(&mut scores);
        scores
    }

    /// The labels for `features`, most probable first (ties in label order).
    pub fn rank(&self, features: &FeatureVector) -> Vec<Scored> {
        let mut ranked: Vec<Scored> = self
            .probabilities(features)
            .into_iter()
            .zip(&self.labels)
            .map(|(score, label)| Scored {
                label: label.clone(),
                score,
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        ranked
    }

    /// The index of the most probable label.
    pub fn predict(&self, features: &FeatureVector) -> usize {
        let probabilities = self.probabilities(features);
        let mut best = 0;
        for (index, p) in probabilities.iter().enumerate() {
            if *p > probabilities[best] {
                best = index;
            }
        }
        best
    }

    /// The largest weight in absolute value.
    pub fn largest_weight(&self) -> f32 {
        self.weights.iter().fold(0.0f32, |max, w| max.max(w.abs()))
    }

    /// The same head with every weight rounded to one of 255 steps, as the
    /// model file stores it; saving and loading the result changes nothing.
    pub fn quantised(mut self) -> Self {
        let scale = quantum(self.largest_weight());
        for weight in &mut self.weights {
            *weight = f32::from(quantise(*weight, scale)) * scale;
        }
        self
    }
}

/// The step of the weights of a head whose largest weight is `largest`.
pub(crate) fn quantum(largest: f32) -> f32 {
    if largest > 0.0 { largest / 127.0 } else { 1.0 }
}

/// `weight` as a whole number of `scale` steps.
pub(crate) fn quantise(weight: f32, scale: f32) -> i8 {
    (weight / scale).round().clamp(-127.0, 127.0) as i8
}

fn softmax(scores: &mut [f32]) {
    let max = scores.iter().fold(f32::NEG_INFINITY, |m, s| m.max(*s));
    let mut total = 0.0;
    for score in scores.iter_mut() {
        *score = (*score - max).exp();
        total += *score;
    }
    for score in scores.iter_mut() {
        *score /= total;
    }
}
