//! A record read from a shard, with its payload decoded once (JSON, text or bytes) for the
//! record viewer, its search, its export and the partition-key view.
use super::Timestamp;
use super::kpl;
use super::partition_key::hash_key;

/// Payloads above this are held as their first bytes only: the buffer holds thousands.
pub const MAX_HELD_BYTES: usize = 64 * 1024;
/// Bytes shown as hex in a binary payload's line.
const HEX_BYTES: usize = 24;

/// What a payload turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// Valid JSON, re-serialised on one line.
    Json(String),
    /// UTF-8 text, as written (line breaks and tabs included).
    Text(String),
    /// Anything else: the first bytes as hex, and the whole held payload as base64.
    Binary { hex: String, base64: String },
}

impl Payload {
    /// The payload's text (what is searched): JSON on one line, text as written, else base64.
    pub fn line(&self) -> &str {
        match self {
            Self::Json(text) | Self::Text(text) => text,
            Self::Binary { base64, .. } => base64,
        }
    }

    /// `line` fit for one screen row: line breaks shown as ⏎, tabs as spaces.
    pub fn display(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Text(text) if text.contains(['\n', '\r', '\t']) => {
                std::borrow::Cow::Owned(one_line(text))
            }
            other => std::borrow::Cow::Borrowed(other.line()),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Json(_) => "json",
            Self::Text(_) => "text",
            Self::Binary { .. } => "bytes",
        }
    }
}

/// One record as a consumer sees it; a KPL aggregate becomes one `Record` per user record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub shard: String,
    pub sequence: String,
    /// The user record's place inside a KPL aggregate (they share the sequence number).
    pub sub_index: Option<u32>,
    pub partition_key: String,
    /// The 128-bit hash key that placed the record: the explicit one, else MD5 of the key.
    pub hash_key: u128,
    pub arrival: Timestamp,
    /// Size of the payload in bytes, as written (not as held).
    pub size: usize,
    pub payload: Payload,
    /// The payload was longer than `MAX_HELD_BYTES`; only its start is held.
    pub truncated: bool,
    /// Why a record that looked like a KPL aggregate could not be opened.
    pub problem: Option<String>,
}

/// Identifies a record in the buffer (for folds and search hits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordKey {
    pub shard: String,
    pub sequence: String,
    pub sub_index: Option<u32>,
}

impl Record {
    pub fn key(&self) -> RecordKey {
        RecordKey {
            shard: self.shard.clone(),
            sequence: self.sequence.clone(),
            sub_index: self.sub_index,
        }
    }

    /// The sequence number shortened to its last digits (they are the ones that differ).
    pub fn short_sequence(&self) -> String {
        // By characters: an endpoint's odd sequence number must not split a character.
        let count = self.sequence.chars().count();
        let mut short = if count > 10 {
            let tail: String = self.sequence.chars().skip(count - 10).collect();
            format!("…{tail}")
        } else {
            self.sequence.clone()
        };
        if let Some(sub) = self.sub_index {
            short.push_str(&format!("/{sub}"));
        }
        short
    }

    /// The JSON payload pretty-printed (for an expanded record); None for other payloads.
    pub fn pretty(&self) -> Option<String> {
        match &self.payload {
            Payload::Json(text) => serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|value| serde_json::to_string_pretty(&value).ok()),
            _ => None,
        }
    }

    /// The record as one JSON line for `w`: the payload as JSON when it is JSON, as text when
    /// it is text, else base64.
    pub fn to_json_line(&self) -> String {
        let mut line = serde_json::json!({
            "arrival": self.arrival.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            "shard": self.shard,
            "sequence_number": self.sequence,
            "partition_key": self.partition_key,
            "size": self.size,
        });
        if let Some(sub) = self.sub_index {
            line["sub_sequence"] = sub.into();
        }
        match &self.payload {
            Payload::Json(text) => {
                line["data"] = serde_json::from_str(text).unwrap_or_else(|_| text.clone().into());
            }
            Payload::Text(text) => line["text"] = text.clone().into(),
            Payload::Binary { base64, .. } => line["base64"] = base64.clone().into(),
        }
        if self.truncated {
            line["truncated"] = true.into();
        }
        if let Some(problem) = &self.problem {
            line["problem"] = problem.clone().into();
        }
        line.to_string()
    }
}

/// The records in one Kinesis record: its KPL user records when it is an aggregate, else itself.
pub fn from_kinesis(
    shard: &str,
    sequence: &str,
    partition_key: &str,
    arrival: Timestamp,
    data: &[u8],
) -> Vec<Record> {
    let record = |sub_index, key: &str, explicit: Option<&str>, data: &[u8], problem| {
        let held = &data[..data.len().min(MAX_HELD_BYTES)];
        Record {
            shard: shard.to_string(),
            sequence: sequence.to_string(),
            sub_index,
            partition_key: key.to_string(),
            hash_key: explicit
                .and_then(|h| h.parse::<u128>().ok())
                .unwrap_or_else(|| hash_key(key)),
            arrival,
            size: data.len(),
            payload: decode(held),
            truncated: held.len() < data.len(),
            problem,
        }
    };
    match kpl::deaggregate(data) {
        Ok(Some(users)) => users
            .iter()
            .enumerate()
            .map(|(i, user)| {
                record(
                    Some(i as u32),
                    &user.partition_key,
                    user.explicit_hash_key.as_deref(),
                    &user.data,
                    None,
                )
            })
            .collect(),
        Ok(None) => vec![record(None, partition_key, None, data, None)],
        Err(error) => vec![record(
            None,
            partition_key,
            None,
            data,
            Some(format!("not de-aggregated: {error}")),
        )],
    }
}

/// JSON when it parses, else UTF-8 text, else bytes.
pub fn decode(data: &[u8]) -> Payload {
    let first = data.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[' | b'"'))
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(data)
    {
        return Payload::Json(value.to_string());
    }
    match std::str::from_utf8(data) {
        Ok(text) if !text.chars().any(is_binary_char) => Payload::Text(text.to_string()),
        _ => Payload::Binary {
            hex: data
                .iter()
                .take(HEX_BYTES)
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" "),
            base64: base64(data),
        },
    }
}

/// Control characters other than whitespace mean the bytes are not meant as text.
fn is_binary_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

fn one_line(text: &str) -> String {
    text.trim_end_matches(['\n', '\r'])
        .replace('\r', "")
        .replace('\n', "⏎")
        .replace('\t', " ")
}

/// Standard base64 with padding (RFC 4648), as the AWS console shows record data.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    #[test]
    fn json_is_kept_on_one_line_and_pretty_printed_on_demand() {
        let records = from_kinesis(
            "shardId-0",
            "49000000000000000001",
            "k",
            from_epoch_secs(0),
            b"{\n  \"order\": 7,\n  \"items\": [1, 2]\n}\n",
        );
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].payload,
            Payload::Json(r#"{"order":7,"items":[1,2]}"#.into())
        );
        assert!(records[0].pretty().unwrap().contains("\n  \"order\": 7"));
        assert_eq!(records[0].size, 36);
    }

    #[test]
    fn text_and_bytes_are_told_apart() {
        let text = decode(b"hello\nworld\n");
        assert_eq!(text, Payload::Text("hello\nworld\n".into()));
        assert_eq!(text.display(), "hello⏎world");
        // Looks like JSON but is not: text.
        assert_eq!(decode(b"{oops"), Payload::Text("{oops".into()));
        match decode(&[0x00, 0xff, 0x10]) {
            Payload::Binary { hex, base64 } => {
                assert_eq!(hex, "00 ff 10");
                assert_eq!(base64, "AP8Q");
            }
            other => panic!("expected bytes, got {other:?}"),
        }
    }

    #[test]
    fn base64_pads_like_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn a_kpl_aggregate_becomes_its_user_records_each_with_its_own_key() {
        let users = vec![
            kpl::UserRecord {
                partition_key: "a".into(),
                explicit_hash_key: None,
                data: br#"{"n":1}"#.to_vec(),
            },
            kpl::UserRecord {
                partition_key: "b".into(),
                explicit_hash_key: Some("42".into()),
                data: b"two".to_vec(),
            },
        ];
        let aggregate = kpl::aggregate(&users);
        let records = from_kinesis("s", "490", "outer", from_epoch_secs(0), &aggregate);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].partition_key, "a");
        assert_eq!(records[0].hash_key, hash_key("a"));
        assert_eq!(records[0].sub_index, Some(0));
        assert_eq!(records[1].partition_key, "b");
        assert_eq!(records[1].hash_key, 42);
        assert_eq!(records[1].payload, Payload::Text("two".into()));
        assert_eq!(records[1].short_sequence(), "490/1");
        let odd = from_kinesis("s", "ééééééééééééé", "k", from_epoch_secs(0), b"x");
        assert_eq!(odd[0].short_sequence(), "…éééééééééé");
    }

    #[test]
    fn a_broken_aggregate_is_shown_as_it_is_with_the_reason() {
        let mut aggregate = kpl::aggregate(&[kpl::UserRecord {
            partition_key: "a".into(),
            explicit_hash_key: None,
            data: b"x".to_vec(),
        }]);
        let last = aggregate.len() - 1;
        aggregate[last] ^= 0xff;
        let records = from_kinesis("s", "1", "outer", from_epoch_secs(0), &aggregate);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].partition_key, "outer");
        assert!(records[0].problem.as_deref().unwrap().contains("KPL"));
    }

    #[test]
    fn big_payloads_are_held_as_their_start() {
        let data = vec![b'x'; MAX_HELD_BYTES + 10];
        let records = from_kinesis("s", "1", "k", from_epoch_secs(0), &data);
        assert!(records[0].truncated);
        assert_eq!(records[0].size, MAX_HELD_BYTES + 10);
        assert_eq!(records[0].payload.line().len(), MAX_HELD_BYTES);
    }

    #[test]
    fn json_lines_carry_the_payload_as_json() {
        let records = from_kinesis("s", "1", "k", from_epoch_secs(0), br#"{"a":1}"#);
        let line: serde_json::Value = serde_json::from_str(&records[0].to_json_line()).unwrap();
        assert_eq!(line["data"]["a"], 1);
        assert_eq!(line["partition_key"], "k");
        // Text is written as it was, line breaks included.
        let text = from_kinesis("s", "2", "k", from_epoch_secs(0), b"a\tb\nc\n");
        let line: serde_json::Value = serde_json::from_str(&text[0].to_json_line()).unwrap();
        assert_eq!(line["text"], "a\tb\nc\n");
        assert_eq!(line["arrival"], "1970-01-01T00:00:00.000Z");
    }
}
