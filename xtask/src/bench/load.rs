//! The load generator: a fixed number of workers send requests until either
//! the request budget or the time budget runs out, and every answer's
//! status and latency is kept.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// When a run stops: whichever budget is spent first.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub requests: usize,
    pub time: Duration,
}

/// How one request ended: the HTTP status, or no answer at all.
pub type Outcome = Option<u16>;

/// What one run measured.
#[derive(Debug, Default)]
pub struct Load {
    pub elapsed: Duration,
    pub ok: usize,
    pub client_errors: usize,
    pub server_errors: usize,
    /// Requests that got no HTTP answer (refused, reset, timed out).
    pub failures: usize,
    latencies: Vec<Duration>,
}

impl Load {
    pub fn requests(&self) -> usize {
        self.latencies.len()
    }

    /// Answered requests a second, over the whole run.
    pub fn rate(&self) -> f64 {
        self.requests() as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The latency in milliseconds below which `p` of the requests fell.
    pub fn percentile(&self, p: f64) -> f64 {
        percentile(&self.latencies, p)
    }

    /// Every request answered 2xx.
    pub fn clean(&self) -> bool {
        self.ok == self.requests()
    }

    fn record(&mut self, outcome: Outcome, took: Duration) {
        match outcome {
            Some(200..=299) => self.ok += 1,
            Some(400..=499) => self.client_errors += 1,
            Some(_) => self.server_errors += 1,
            None => self.failures += 1,
        }
        self.latencies.push(took);
    }

    fn merge(&mut self, other: Load) {
        self.ok += other.ok;
        self.client_errors += other.client_errors;
        self.server_errors += other.server_errors;
        self.failures += other.failures;
        self.latencies.extend(other.latencies);
    }
}

/// `samples` sorted or not; 0 for none.
pub fn percentile(samples: &[Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// Runs `concurrency` workers; each calls `request(worker, sequence)` until
/// the budget is spent. The sequence numbers are unique across workers.
pub async fn drive<F, Fut>(concurrency: usize, budget: Budget, request: F) -> Load
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Outcome> + Send,
{
    let request = Arc::new(request);
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + budget.time;

    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..concurrency {
        let request = Arc::clone(&request);
        let issued = Arc::clone(&issued);
        workers.spawn(async move {
            let mut load = Load::default();
            loop {
                let sequence = issued.fetch_add(1, Ordering::Relaxed);
                if sequence >= budget.requests || Instant::now() >= deadline {
                    return load;
                }
                let sent = Instant::now();
                let outcome = request(worker, sequence).await;
                load.record(outcome, sent.elapsed());
            }
        });
    }

    let mut total = Load::default();
    while let Some(worker) = workers.join_next().await {
        if let Ok(load) = worker {
            total.merge(load);
        }
    }
    total.elapsed = started.elapsed();
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_sample_at_the_rank() {
        let samples: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();

        assert_eq!(percentile(&samples, 0.5), 50.0);
        assert_eq!(percentile(&samples, 0.99), 99.0);
        assert_eq!(percentile(&samples, 1.0), 100.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[tokio::test]
    async fn the_request_budget_bounds_the_run_and_statuses_are_sorted() {
        let budget = Budget {
            requests: 50,
            time: Duration::from_secs(30),
        };

        let load = drive(4, budget, |_, sequence| async move {
            match sequence % 5 {
                0 => Some(500),
                1 => Some(404),
                2 => None,
                _ => Some(201),
            }
        })
        .await;

        assert_eq!(load.requests(), 50);
        assert_eq!(load.server_errors, 10);
        assert_eq!(load.client_errors, 10);
        assert_eq!(load.failures, 10);
        assert_eq!(load.ok, 20);
        assert!(!load.clean());
    }

    #[tokio::test]
    async fn the_time_budget_bounds_the_run() {
        let budget = Budget {
            requests: usize::MAX,
            time: Duration::from_millis(200),
        };

        let load = drive(2, budget, |_, _| async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Some(200)
        })
        .await;

        assert!(
            load.requests() >= 2 && load.requests() <= 40,
            "{}",
            load.requests()
        );
        assert!(load.elapsed < Duration::from_secs(2));
        assert!(load.clean());
    }
}
