//! The model file: a small binary format, little-endian throughout.
//!
//! ```text
//! "REDRESS-CLASSIFIER-1\n"  magic and version
//! u8                        hash bits
//! u16                       number of heads, then per head:
//!   string                  name (u16 length, UTF-8 bytes)
//!   u16                     number of labels, then each label as a string
//!   f32                     weight step
//!   f32 × labels            biases
//!   i8 × 2^bits × labels    weights, in steps, bucket by bucket
//! ```

use std::fmt;

use crate::features::Featurizer;
use crate::model::{Head, Model, quantise, quantum};

const MAGIC: &[u8] = b"REDRESS-CLASSIFIER-1\n";

/// Why bytes are not a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelFileError {
    /// The file does not start as a model file of this version does.
    NotAModel,
    /// The file ends before the model does.
    Truncated,
    /// A name or label is not UTF-8.
    BadText,
    /// Bytes follow the model.
    TrailingBytes,
}

impl fmt::Display for ModelFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAModel => "not a redress classifier file of version 1",
            Self::Truncated => "the classifier file ends too early",
            Self::BadText => "a label in the classifier file is not UTF-8",
            Self::TrailingBytes => "the classifier file has bytes after the model",
        })
    }
}

impl std::error::Error for ModelFileError {}

/// The model as file bytes; weights are rounded to 255 steps per head.
pub fn to_bytes(model: &Model) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.push(model.featurizer.bits());
    put_u16(&mut out, model.heads.len());
    for head in &model.heads {
        put_text(&mut out, &head.name);
        put_u16(&mut out, head.labels.len());
        for label in &head.labels {
            put_text(&mut out, label);
        }
        let scale = quantum(head.largest_weight());
        out.extend_from_slice(&scale.to_le_bytes());
        for bias in &head.bias {
            out.extend_from_slice(&bias.to_le_bytes());
        }
        out.extend(
            head.weights
                .iter()
                .map(|w| quantise(*w, scale).to_le_bytes()[0]),
        );
    }
    out
}

/// The model stored in `bytes`.
pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelFileError> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(MAGIC.len())? != MAGIC {
        return Err(ModelFileError::NotAModel);
    }
    let featurizer = Featurizer::new(reader.take(1)?[0]);
    let heads = (0..reader.u16()?)
        .map(|_| head(&mut reader, featurizer.buckets()))
        .collect::<Result<Vec<_>, _>>()?;
    if reader.at != bytes.len() {
        return Err(ModelFileError::TrailingBytes);
    }
    Ok(Model { featurizer, heads })
}

fn head(reader: &mut Reader<'_>, buckets: usize) -> Result<Head, ModelFileError> {
    let name = reader.text()?;
    let labels = (0..reader.u16()?)
        .map(|_| reader.text())
        .collect::<Result<Vec<_>, _>>()?;
    let scale = reader.f32()?;
    let bias = (0..labels.len())
        .map(|_| reader.f32())
        .collect::<Result<Vec<_>, _>>()?;
    let weights = reader
        .take(buckets * labels.len())?
        .iter()
        .map(|byte| f32::from(i8::from_le_bytes([*byte])) * scale)
        .collect();
    Ok(Head {
        name,
        labels,
        weights,
        bias,
    })
}

fn put_u16(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&(value as u16).to_le_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_u16(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], ModelFileError> {
        let end = self
            .at
            .checked_add(count)
            .ok_or(ModelFileError::Truncated)?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(ModelFileError::Truncated)?;
        self.at = end;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16, ModelFileError> {
        let bytes = self.take(2)?;
        Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
    }

    fn f32(&mut self) -> Result<f32, ModelFileError> {
        let bytes = self.take(4)?;
        Ok(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn text(&mut self) -> Result<String, ModelFileError> {
        let length = usize::from(self.u16()?);
        let bytes = self.take(length)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| ModelFileError::BadText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_bytes_are_refused_with_a_reason() {
        assert_eq!(from_bytes(b"hello"), Err(ModelFileError::Truncated));
        assert_eq!(
            from_bytes(b"REDRESS-CLASSIFIER-9\nxxxx"),
            Err(ModelFileError::NotAModel)
        );
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[12, 0, 0, 7]);
        assert_eq!(from_bytes(&bytes), Err(ModelFileError::TrailingBytes));
    }
}
