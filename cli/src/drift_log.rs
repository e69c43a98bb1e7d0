//! `--drift-log FILE`: one JSON line per observation the SDK reports,
//! appended, each with the time it was written (`cargo xtask drift` reads
//! these logs). Observations carry shapes, never field values.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::failure::Failure;

/// Opens the log at `path` (a usage error when it cannot be) and hands every
/// observation of the client to it, fields the spec does not have included.
pub fn observe(
    builder: postpress::ClientBuilder,
    path: &std::path::Path,
) -> Result<postpress::ClientBuilder, Failure> {
    let log = DriftLog::open(path)
        .map_err(|e| Failure::Usage(format!("--drift-log {}: {e}", path.display())))?;
    let log = Arc::new(log);
    Ok(builder
        .observe_unknown_fields(true)
        .on_observation(move |observation| {
            let written = serde_json::to_string(observation)
                .map_err(std::io::Error::other)
                .and_then(|line| log.append(&line));
            // A log that cannot be written must not fail the call it observes.
            if let Err(error) = written {
                tracing::warn!(%error, "cannot write the drift log");
            }
        }))
}

/// An open drift log.
pub struct DriftLog {
    file: Mutex<std::fs::File>,
}

impl DriftLog {
    /// Opens `path` for appending (created if missing).
    pub fn open(path: &std::path::Path) -> std::io::Result<DriftLog> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(DriftLog {
            file: Mutex::new(file),
        })
    }

    /// Appends one observation, given as the JSON the SDK's `Observation`
    /// serializes to, with `time` (RFC 3339) added: one line, one write.
    pub fn append(&self, observation: &str) -> std::io::Result<()> {
        let mut line = stamped(observation, &chrono::Utc::now())?;
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(line.as_bytes())
    }
}

/// The observation with `time` added, on one line.
fn stamped(observation: &str, now: &chrono::DateTime<chrono::Utc>) -> std::io::Result<String> {
    let invalid = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string());
    let mut value: Value =
        serde_json::from_str(observation).map_err(|_| invalid("an observation is not JSON"))?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| invalid("an observation is not a JSON object"))?;
    let time = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    object.insert("time".to_string(), Value::String(time));
    serde_json::to_string(&value).map_err(|e| invalid(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBSERVATION: &str = r#"{"operation":"get_user","status":200,"location":"LinkedinUserProfile.first_name","path":"first_name","kind":"null_required","expected":"string","seen":"null","value":null}"#;

    #[test]
    fn each_observation_is_one_appended_line_with_its_time() {
        let dir = std::env::temp_dir().join(format!("postpress-drift-log-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("drift.jsonl");
        std::fs::write(&path, "{\"earlier\":true}\n").unwrap();
        let log = DriftLog::open(&path).unwrap();
        log.append(OBSERVATION).unwrap();
        log.append(&OBSERVATION.replace("200", "201")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[0], serde_json::json!({"earlier": true}));
        let mut first = lines[1].clone();
        let time = first.as_object_mut().unwrap().remove("time").unwrap();
        assert_eq!(first, serde_json::from_str::<Value>(OBSERVATION).unwrap());
        assert!(chrono::DateTime::parse_from_rfc3339(time.as_str().unwrap()).is_ok());
        assert_eq!(lines[2]["status"], 201);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_line_that_is_not_an_observation_object_is_refused() {
        let now = chrono::Utc::now();
        assert!(stamped("[1]", &now).is_err());
        assert!(stamped("not json", &now).is_err());
        let line = stamped(OBSERVATION, &now).unwrap();
        assert!(!line.contains('\n'));
    }
}
