//! The bundle's digest: SHA-256 over its canonical JSON without `digest`.
//! Canonical: no whitespace, object members sorted by name (byte order),
//! strings escaped as JSON requires, numbers as written by serde_json.

use serde_json::Value;
use sha2::{Digest, Sha256};
use shared::bundles::CaseBundle;

use crate::error::{ApiError, ApiResult};

/// The digest the bundle should state, whatever it states now.
pub fn of(bundle: &CaseBundle) -> ApiResult<String> {
    let mut value = serde_json::to_value(bundle).map_err(ApiError::internal)?;
    if let Value::Object(members) = &mut value {
        members.remove("digest");
    }
    let mut canonical = String::new();
    write_canonical(&value, &mut canonical);
    Ok(hex(&Sha256::digest(canonical.as_bytes())))
}

/// The bundle with its digest filled in.
pub fn seal(mut bundle: CaseBundle) -> ApiResult<CaseBundle> {
    bundle.digest = of(&bundle)?;
    Ok(bundle)
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            let mut names: Vec<&String> = members.keys().collect();
            names.sort();
            out.push('{');
            for (index, name) in names.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(name.clone()).to_string());
                out.push(':');
                write_canonical(&members[name], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_are_sorted_and_whitespace_dropped() {
        let mut out = String::new();

        write_canonical(
            &json!({"b": [1, {"z": "引号\"", "a": null}], "a": true}),
            &mut out,
        );

        assert_eq!(out, r#"{"a":true,"b":[1,{"a":null,"z":"引号\""}]}"#);
    }
}
