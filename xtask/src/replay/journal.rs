//! Which source cases a server has filed already, kept beside the workspace
//! so that an interrupted replay continues where it stopped. A filing whose
//! answer was lost before it was written here is caught by its idempotency
//! key instead.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use shared::ComplaintId;

#[derive(Serialize, Deserialize)]
struct Line {
    source_id: String,
    complaint_id: ComplaintId,
}

pub struct Journal {
    path: PathBuf,
    filed: Mutex<HashMap<String, ComplaintId>>,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (or starts) the journal at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("creating {}", folder.display()))?;
        }
        let mut filed = HashMap::new();
        if path.exists() {
            let reader = BufReader::new(
                File::open(path).with_context(|| format!("reading {}", path.display()))?,
            );
            for line in reader.lines() {
                let line = line?;
                // A line cut short by a crash is simply not there.
                if let Ok(entry) = serde_json::from_str::<Line>(&line) {
                    filed.insert(entry.source_id, entry.complaint_id);
                }
            }
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("opening {}", path.display()))?;
        Ok(Self {
            path: path.to_owned(),
            filed: Mutex::new(filed),
            file: Mutex::new(file),
        })
    }

    pub fn get(&self, source_id: &str) -> Option<ComplaintId> {
        self.lock_filed().get(source_id).copied()
    }

    /// Records a filing, on disk before in memory.
    pub fn record(&self, source_id: &str, complaint_id: ComplaintId) -> Result<()> {
        let line = serde_json::to_string(&Line {
            source_id: source_id.to_owned(),
            complaint_id,
        })?;
        {
            let mut file = self
                .file
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            writeln!(file, "{line}").with_context(|| format!("writing {}", self.path.display()))?;
        }
        self.lock_filed().insert(source_id.to_owned(), complaint_id);
        Ok(())
    }

    fn lock_filed(&self) -> std::sync::MutexGuard<'_, HashMap<String, ComplaintId>> {
        self.filed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
