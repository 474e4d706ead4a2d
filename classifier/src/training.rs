//! The learner: multinomial logistic regression fitted by stochastic
//! gradient descent on the cross-entropy, examples visited in a seeded
//! random order, the step shrinking each epoch. Fine-tuning starts from a
//! trained head and holds the weights near it while it learns new examples
//! (staff corrections).

use std::collections::BTreeMap;

use crate::features::{FeatureVector, Featurizer};
use crate::model::{Head, Model};
use crate::random::SplitMix;

/// A text with its labels, one per head it is labelled for.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    /// `(head, label)` pairs, e.g. `("category", "goods.appliances.phones")`.
    pub labels: Vec<(String, String)>,
}

impl Example {
    /// The label of head `name`, when the example has one.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(head, _)| head == name)
            .map(|(_, label)| label.as_str())
    }
}

/// How training goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainingOptions {
    /// Passes over the examples.
    pub epochs: usize,
    /// The first step size; epoch `e` uses `learning_rate / (1 + e / 2)`.
    pub learning_rate: f32,
    /// How strongly fine-tuning holds weights near the trained ones.
    pub anchor: f32,
    /// The seed of the visiting order.
    pub seed: u64,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        Self {
            epochs: 8,
            learning_rate: 0.5,
            anchor: 0.01,
            seed: 2026,
        }
    }
}

/// A model with one head per name in `heads`, trained on `examples`.
pub fn train(
    featurizer: Featurizer,
    heads: &[&str],
    examples: &[Example],
    options: TrainingOptions,
) -> Model {
    let features: Vec<FeatureVector> = examples
        .iter()
        .map(|example| featurizer.features(&example.text))
        .collect();
    let heads = heads
        .iter()
        .map(|name| {
            let labelled = labelled(name, examples, &features);
            train_head(name, featurizer.buckets(), &labelled, options)
        })
        .collect();
    Model { featurizer, heads }
}

/// The examples labelled for head `name`, as features and label.
pub fn labelled<'a>(
    name: &str,
    examples: &'a [Example],
    features: &'a [FeatureVector],
) -> Vec<(&'a FeatureVector, &'a str)> {
    examples
        .iter()
        .zip(features)
        .filter_map(|(example, features)| example.label(name).map(|label| (features, label)))
        .collect()
}

/// A head trained from zero on `examples`; its labels are those the
/// examples carry, sorted.
pub fn train_head(
    name: &str,
    buckets: usize,
    examples: &[(&FeatureVector, &str)],
    options: TrainingOptions,
) -> Head {
    let labels: Vec<String> = examples
        .iter()
        .map(|(_, label)| (*label).to_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut head = Head::empty(name, labels, buckets);
    descend(&mut head, None, examples, options);
    head.quantised()
}

/// `base` moved to fit `examples` too: labels it lacks are added, the
/// biases stay, and each step also pulls the weights it touches back
/// towards `base`, so that what the head knew is kept.
pub fn fine_tune(
    base: &Head,
    examples: &[(&FeatureVector, &str)],
    options: TrainingOptions,
) -> Head {
    let mut start = base.clone();
    for (_, label) in examples {
        if !start.labels.iter().any(|known| known == label) {
            start = with_label(&start, label);
        }
    }
    let anchor = start.clone();
    let mut head = start;
    descend(&mut head, Some(&anchor), examples, options);
    head.quantised()
}

/// `head` with one more label, its weights zero and its bias the lowest.
fn with_label(head: &Head, label: &str) -> Head {
    let classes = head.labels.len();
    let buckets = head.weights.len() / classes.max(1);
    let mut weights = Vec::with_capacity(buckets * (classes + 1));
    for row in head.weights.chunks(classes.max(1)) {
        weights.extend_from_slice(row);
        weights.push(0.0);
    }
    let mut bias = head.bias.clone();
    bias.push(bias.iter().fold(0.0f32, |m, b| m.min(*b)));
    let mut labels = head.labels.clone();
    labels.push(label.to_owned());
    Head {
        name: head.name.clone(),
        labels,
        weights,
        bias,
    }
}

/// Stochastic gradient descent on the cross-entropy of `examples`.
fn descend(
    head: &mut Head,
    anchor: Option<&Head>,
    examples: &[(&FeatureVector, &str)],
    options: TrainingOptions,
) {
    let index: BTreeMap<&str, usize> = head
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| (label.as_str(), i))
        .collect();
    let classes = head.labels.len();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut random = SplitMix::new(options.seed);

    for epoch in 0..options.epochs {
        random.shuffle(&mut order);
        let rate = options.learning_rate / (1.0 + epoch as f32 / 2.0);
        for &i in &order {
            let (features, label) = examples[i];
            let truth = index[label];
            let mut gradient = head.probabilities(features);
            gradient[truth] -= 1.0;
            // Fine-tuning keeps the biases: a few corrections say little
            // about how common each label is.
            if anchor.is_none() {
                for (bias, g) in head.bias.iter_mut().zip(&gradient) {
                    *bias -= rate * g;
                }
            }
            for (bucket, value) in &features.entries {
                let row = *bucket as usize * classes;
                for (c, g) in gradient.iter().enumerate() {
                    let mut step = g * value;
                    if let Some(anchor) = anchor {
                        step += options.anchor * (head.weights[row + c] - anchor.weights[row + c]);
                    }
                    head.weights[row + c] -= rate * step;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file;

    fn example(text: &str, label: &str) -> Example {
        Example {
            text: text.to_owned(),
            labels: vec![("kind".to_owned(), label.to_owned())],
        }
    }

    fn toy_set() -> Vec<Example> {
        let mut examples = Vec::new();
        for word in ["屏幕", "电池", "信号", "充电", "死机"] {
            examples.push(example(&format!("手机{word}坏了"), "phone"));
        }
        for word in ["米饭", "汤", "面条", "饺子", "炒菜"] {
            examples.push(example(&format!("外卖的{word}凉了"), "food"));
        }
        examples
    }

    #[test]
    fn a_separable_set_is_learned_exactly() {
        let examples = toy_set();

        let model = train(
            Featurizer::new(12),
            &["kind"],
            &examples,
            TrainingOptions::default(),
        );

        for example in &examples {
            let top = &model.rank("kind", &example.text)[0];
            assert_eq!(
                Some(top.label.as_str()),
                example.label("kind"),
                "{}",
                example.text
            );
        }
        assert_eq!(model.rank("kind", "手机屏幕又坏了")[0].label, "phone");
        assert_eq!(model.rank("kind", "外卖的汤太凉")[0].label, "food");
    }

    #[test]
    fn the_same_seed_trains_the_same_model() {
        let examples = toy_set();
        let options = TrainingOptions::default();

        let first = train(Featurizer::new(12), &["kind"], &examples, options);
        let second = train(Featurizer::new(12), &["kind"], &examples, options);

        assert_eq!(first, second);
    }

    #[test]
    fn a_saved_and_loaded_model_predicts_exactly_the_same() {
        let model = train(
            Featurizer::new(12),
            &["kind"],
            &toy_set(),
            TrainingOptions::default(),
        );

        let loaded = file::from_bytes(&file::to_bytes(&model)).unwrap();

        assert_eq!(loaded, model);
        for text in ["手机信号差", "饺子凉了", "完全无关的话", "phone screen"] {
            assert_eq!(loaded.rank("kind", text), model.rank("kind", text));
        }
    }

    #[test]
    fn fine_tuning_learns_a_correction_with_a_new_label_and_keeps_the_rest() {
        let model = train(
            Featurizer::new(12),
            &["kind"],
            &toy_set(),
            TrainingOptions::default(),
        );
        let base = model.head("kind").unwrap();
        let corrected = model.featurizer.features("手机壳的颜色不对");
        let options = TrainingOptions {
            learning_rate: 1.0,
            ..TrainingOptions::default()
        };

        let tuned = fine_tune(base, &[(&corrected, "accessory")], options);

        assert_eq!(tuned.labels.last().map(String::as_str), Some("accessory"));
        assert_eq!(tuned.rank(&corrected)[0].label, "accessory");
        let soup = model.featurizer.features("外卖的汤凉了");
        assert_eq!(tuned.rank(&soup)[0].label, "food");
    }
}
