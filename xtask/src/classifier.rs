//! `cargo xtask train-classifier [--report] [--bits N] [--epochs N]`: trains
//! the complaint classifier on the replay data (Chinese reviews and the CFPB
//! sample, with the taxonomy labels the replay gives them), evaluates it on
//! a held-out fifth chosen by a fixed seed, then trains on everything and
//! writes the model file the server embeds (`api/data/classifier/model.bin`).
//! With `--report` the evaluation table is also written to
//! `target/classifier/evaluation.md`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use classifier::evaluation::{Scores, majority, score, split};
use classifier::training;
use classifier::{Example, FeatureVector, Featurizer, Model, TrainingOptions, file};
use serde::Deserialize;

use crate::replay::{LabelledText, Source, labelled_texts};

/// Where the model the server embeds is written, from the workspace root.
pub const MODEL_PATH: &str = "api/data/classifier/model.bin";
/// The seed of the split and of the training order.
const SEED: u64 = 2026;
/// The held-out share, in percent.
const HELD_OUT: usize = 20;
const CFPB: &str = include_str!("../data/replay/cfpb_complaints.csv");

struct Settings {
    report: bool,
    bits: u8,
    epochs: usize,
}

pub fn command(root: &Path, args: &[String]) -> Result<ExitCode> {
    let settings = settings(args)?;
    let options = TrainingOptions {
        epochs: settings.epochs,
        seed: SEED,
        ..TrainingOptions::default()
    };
    let featurizer = Featurizer::new(settings.bits);

    let texts = labelled_texts()?;
    let examples: Vec<Example> = texts.iter().map(example).collect();
    println!("{} labelled complaints", examples.len());

    let started = Instant::now();
    let table = evaluate(featurizer, options, &texts, &examples)?;
    println!("{table}");

    let trained = Instant::now();
    let model = training::train(featurizer, &["category", "nature"], &examples, options);
    let seconds = trained.elapsed().as_secs_f64();
    let bytes = file::to_bytes(&model);
    let path = root.join(MODEL_PATH);
    std::fs::create_dir_all(path.parent().context("the model path has a folder")?)?;
    std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    let summary = format!(
        "final model: all {} complaints, {seconds:.1} s to train, {} bytes ({:.2} MB) in {MODEL_PATH}; \
         evaluation and training together {:.1} s",
        examples.len(),
        bytes.len(),
        bytes.len() as f64 / 1_000_000.0,
        started.elapsed().as_secs_f64(),
    );
    println!("{summary}");

    if settings.report {
        let report = root.join("target/classifier/evaluation.md");
        std::fs::create_dir_all(report.parent().context("the report path has a folder")?)?;
        std::fs::write(&report, format!("{table}\n{summary}\n"))?;
        println!("wrote {}", report.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn settings(args: &[String]) -> Result<Settings> {
    let mut settings = Settings {
        report: false,
        bits: 16,
        epochs: TrainingOptions::default().epochs,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut number = || {
            args.next()
                .and_then(|n| n.parse::<usize>().ok())
                .with_context(|| format!("{flag} takes a number"))
        };
        match flag.as_str() {
            "--report" => settings.report = true,
            "--bits" => settings.bits = number()?.clamp(8, 24) as u8,
            "--epochs" => settings.epochs = number()?.max(1),
            _ => bail!("`cargo xtask train-classifier` takes --report, --bits N and --epochs N"),
        }
    }
    Ok(settings)
}

fn example(text: &LabelledText) -> Example {
    Example {
        text: text.text.clone(),
        labels: vec![
            ("category".to_owned(), text.category_code.clone()),
            ("nature".to_owned(), text.nature_code.clone()),
        ],
    }
}

/// The evaluation table: each task on the held-out fifth, beside the
/// majority class of the training part.
fn evaluate(
    featurizer: Featurizer,
    options: TrainingOptions,
    texts: &[LabelledText],
    examples: &[Example],
) -> Result<String> {
    let (train, test) = split(examples.len(), HELD_OUT, SEED);
    let training_set: Vec<Example> = train.iter().map(|&i| examples[i].clone()).collect();
    let started = Instant::now();
    let model = training::train(featurizer, &["category", "nature"], &training_set, options);
    let seconds = started.elapsed().as_secs_f64();
    let features: Vec<FeatureVector> = test
        .iter()
        .map(|&i| featurizer.features(&examples[i].text))
        .collect();

    let mut table = format!(
        "held-out split: seed {SEED}, {HELD_OUT}% ({} of {}), trained on {} in {seconds:.1} s\n\n\
         | task | test items | classes | accuracy | macro-F1 | majority baseline accuracy | baseline macro-F1 |\n\
         |------|-----------:|--------:|---------:|---------:|---------------------------:|------------------:|\n",
        test.len(),
        examples.len(),
        train.len(),
    );
    for (task, head, source) in [
        ("Chinese reviews → category", "category", Source::Reviews),
        (
            "Chinese reviews → nature (keyword-derived labels)",
            "nature",
            Source::Reviews,
        ),
        (
            "CFPB → nature (from the CFPB issue)",
            "nature",
            Source::Cfpb,
        ),
    ] {
        let in_source = |i: &usize| texts[*i].source == source;
        let truth = |i: usize| examples[i].label(head).unwrap_or_default();
        let trained: Vec<&str> = train.iter().copied().filter(in_source).map(truth).collect();
        let tested: Vec<(usize, &FeatureVector)> = test
            .iter()
            .copied()
            .zip(&features)
            .filter(|(i, _)| in_source(i))
            .collect();
        let predicted = predictions(&model, head, &tested, &truth);
        let baseline_label = majority(trained.iter().copied()).unwrap_or_default();
        let baseline: Vec<(&str, &str)> = predicted
            .iter()
            .map(|(t, _)| (*t, baseline_label))
            .collect();
        let classes = model.head(head).map_or(0, |h| h.labels.len());
        row(
            &mut table,
            task,
            predicted.len(),
            classes,
            score(&predicted),
            score(&baseline),
        );
    }
    products(featurizer, options, &mut table)?;
    Ok(table)
}

fn predictions<'a>(
    model: &'a Model,
    head: &str,
    tested: &[(usize, &FeatureVector)],
    truth: &impl Fn(usize) -> &'a str,
) -> Vec<(&'a str, &'a str)> {
    let Some(head) = model.head(head) else {
        return Vec::new();
    };
    tested
        .iter()
        .map(|(i, features)| (truth(*i), head.labels[head.predict(features)].as_str()))
        .collect()
}

fn row(table: &mut String, task: &str, items: usize, classes: usize, model: Scores, base: Scores) {
    let _ = writeln!(
        table,
        "| {task} | {items} | {classes} | {:.3} | {:.3} | {:.3} | {:.3} |",
        model.accuracy, model.macro_f1, base.accuracy, base.macro_f1
    );
}

#[derive(Deserialize)]
struct CfpbRow {
    #[serde(rename = "Product")]
    product: String,
    #[serde(rename = "Consumer complaint narrative")]
    narrative: String,
}

/// The CFPB product from the consumer's own narrative (rows without one
/// left out): a benchmark of the learner on English text; the taxonomy has
/// one category for all of them, so the server does not serve this head.
fn products(featurizer: Featurizer, options: TrainingOptions, table: &mut String) -> Result<()> {
    let mut reader = csv::Reader::from_reader(CFPB.as_bytes());
    let mut rows = Vec::new();
    for row in reader.deserialize::<CfpbRow>() {
        let row = row.context("reading the CFPB file")?;
        if row.narrative.trim().chars().count() >= 20 {
            rows.push(row);
        }
    }
    let (train, test) = split(rows.len(), HELD_OUT, SEED);
    let features: Vec<FeatureVector> = rows
        .iter()
        .map(|r| featurizer.features(&r.narrative))
        .collect();
    let pick = |indices: &[usize]| -> Vec<(&FeatureVector, &str)> {
        indices
            .iter()
            .map(|&i| (&features[i], rows[i].product.as_str()))
            .collect()
    };
    let head = training::train_head("product", featurizer.buckets(), &pick(&train), options);
    let predicted: Vec<(&str, &str)> = pick(&test)
        .into_iter()
        .map(|(f, truth)| (truth, head.labels[head.predict(f)].as_str()))
        .collect();
    let baseline_label = majority(pick(&train).into_iter().map(|(_, l)| l)).unwrap_or_default();
    let baseline: Vec<(&str, &str)> = predicted
        .iter()
        .map(|(t, _)| (*t, baseline_label))
        .collect();
    row(
        table,
        "CFPB narratives → product (benchmark only)",
        predicted.len(),
        head.labels.len(),
        score(&predicted),
        score(&baseline),
    );
    Ok(())
}
