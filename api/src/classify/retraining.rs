//! Retraining in the background: the committed model fine-tuned on every
//! stored correction, then swapped in for the one served. Runs at start-up
//! and when a platform admin asks.

use crate::classify::corrections;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Starts a retraining; when one runs already, it goes round once more
/// when done, so that it learns the corrections made meanwhile too.
pub fn spawn(state: &AppState) {
    if !state.classifier.start_retraining() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        loop {
            if let Err(error) = run(&state).await {
                tracing::warn!(error = %error.detail.en, "retraining the classifier failed; the previous model is still served");
            }
            if !state.classifier.end_round() {
                break;
            }
        }
    });
}

async fn run(state: &AppState) -> ApiResult<()> {
    let examples = corrections::all(&state.db).await?;
    let learned = examples.len() as u64;
    let classifier = state.classifier.clone();
    let model = tokio::task::spawn_blocking(move || classifier.retrain(&examples))
        .await
        .map_err(ApiError::internal)?;
    state.classifier.serve(model, learned, state.clock.now());
    tracing::info!(corrections = learned, "classifier retrained and swapped in");
    Ok(())
}
