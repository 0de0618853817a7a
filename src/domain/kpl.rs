//! Records aggregated by the Kinesis Producer Library: a magic header, a protobuf
//! AggregatedRecord of user records (each with its own partition key), and an MD5 checksum.
use md5::{Digest, Md5};
use prost::Message;

/// The first four bytes of every KPL-aggregated record.
pub const MAGIC: [u8; 4] = [0xF3, 0x89, 0x9A, 0xC2];
const CHECKSUM_LEN: usize = 16;

/// The KPL's protobuf messages (proto2), as its `messages.proto` defines them.
#[derive(Clone, PartialEq, Message)]
struct AggregatedRecord {
    #[prost(string, repeated, tag = "1")]
    partition_key_table: Vec<String>,
    #[prost(string, repeated, tag = "2")]
    explicit_hash_key_table: Vec<String>,
    #[prost(message, repeated, tag = "3")]
    records: Vec<Record>,
}

#[derive(Clone, PartialEq, Message)]
struct Record {
    #[prost(uint64, required, tag = "1")]
    partition_key_index: u64,
    #[prost(uint64, optional, tag = "2")]
    explicit_hash_key_index: Option<u64>,
    #[prost(bytes = "vec", required, tag = "3")]
    data: Vec<u8>,
    #[prost(message, repeated, tag = "4")]
    tags: Vec<Tag>,
}

#[derive(Clone, PartialEq, Message)]
struct Tag {
    #[prost(string, required, tag = "1")]
    key: String,
    #[prost(string, optional, tag = "2")]
    value: Option<String>,
}

/// One record as the producer's application put it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub partition_key: String,
    pub explicit_hash_key: Option<String>,
    pub data: Vec<u8>,
}

/// Why a record that starts like a KPL aggregate could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KplError {
    #[error("KPL aggregate with a wrong MD5 checksum")]
    Checksum,
    #[error("KPL aggregate that is not a valid AggregatedRecord: {0}")]
    Decode(String),
    #[error("KPL user record {record} names partition key {index}, but the table has {table}")]
    KeyIndex {
        record: usize,
        index: u64,
        table: usize,
    },
}

/// The user records inside `data`; `Ok(None)` when it is not a KPL aggregate at all. A
/// broken aggregate is an error (the viewer shows the record as it is, and why).
pub fn deaggregate(data: &[u8]) -> Result<Option<Vec<UserRecord>>, KplError> {
    if data.len() < MAGIC.len() + CHECKSUM_LEN || data[..MAGIC.len()] != MAGIC {
        return Ok(None);
    }
    let (body, checksum) = data[MAGIC.len()..].split_at(data.len() - MAGIC.len() - CHECKSUM_LEN);
    let digest: [u8; 16] = Md5::digest(body).into();
    if digest != checksum {
        return Err(KplError::Checksum);
    }
    let aggregate = AggregatedRecord::decode(body).map_err(|e| KplError::Decode(e.to_string()))?;
    aggregate
        .records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let key = |table: &[String], index: u64| {
                usize::try_from(index)
                    .ok()
                    .and_then(|i| table.get(i))
                    .cloned()
                    .ok_or(KplError::KeyIndex {
                        record: i,
                        index,
                        table: table.len(),
                    })
            };
            Ok(UserRecord {
                partition_key: key(&aggregate.partition_key_table, record.partition_key_index)?,
                explicit_hash_key: record
                    .explicit_hash_key_index
                    .map(|index| key(&aggregate.explicit_hash_key_table, index))
                    .transpose()?,
                data: record.data.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Packs user records the way the KPL does (for the simulated account and tests).
pub fn aggregate(records: &[UserRecord]) -> Vec<u8> {
    let mut keys: Vec<String> = Vec::new();
    let mut hash_keys: Vec<String> = Vec::new();
    let index_of = |table: &mut Vec<String>, value: &str| -> u64 {
        let position = table.iter().position(|k| k == value).unwrap_or_else(|| {
            table.push(value.to_string());
            table.len() - 1
        });
        position as u64
    };
    let records = records
        .iter()
        .map(|r| Record {
            partition_key_index: index_of(&mut keys, &r.partition_key),
            explicit_hash_key_index: r
                .explicit_hash_key
                .as_deref()
                .map(|h| index_of(&mut hash_keys, h)),
            data: r.data.clone(),
            tags: Vec::new(),
        })
        .collect();
    let body = AggregatedRecord {
        partition_key_table: keys,
        explicit_hash_key_table: hash_keys,
        records,
    }
    .encode_to_vec();
    let digest: [u8; 16] = Md5::digest(&body).into();
    let mut out = MAGIC.to_vec();
    out.extend(body);
    out.extend(digest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(key: &str, data: &str) -> UserRecord {
        UserRecord {
            partition_key: key.into(),
            explicit_hash_key: None,
            data: data.as_bytes().to_vec(),
        }
    }

    #[test]
    fn an_aggregate_opens_into_its_user_records_with_their_own_keys() {
        let records = vec![
            user("customer-1", r#"{"order":1}"#),
            user("customer-2", r#"{"order":2}"#),
            UserRecord {
                explicit_hash_key: Some("170141183460469231731687303715884105728".into()),
                ..user("customer-1", r#"{"order":3}"#)
            },
        ];
        let packed = aggregate(&records);
        assert_eq!(packed[..4], MAGIC);
        assert_eq!(deaggregate(&packed), Ok(Some(records)));
    }

    /// Bytes as the KPL writes them, built by hand from the wire format (not by `aggregate`):
    /// one key "k", one record "hi".
    #[test]
    fn the_kpl_wire_format_itself() {
        let body: Vec<u8> = vec![
            0x0a, 0x01, b'k', // partition_key_table: "k"
            0x1a, 0x06, // records: a 6-byte Record
            0x08, 0x00, // partition_key_index: 0
            0x1a, 0x02, b'h', b'i', // data: "hi"
        ];
        let digest: [u8; 16] = Md5::digest(&body).into();
        let mut data = MAGIC.to_vec();
        data.extend(&body);
        data.extend(digest);
        assert_eq!(deaggregate(&data), Ok(Some(vec![user("k", "hi")])));
    }

    #[test]
    fn plain_and_broken_records() {
        assert_eq!(deaggregate(br#"{"order":1}"#), Ok(None));
        assert_eq!(deaggregate(&MAGIC), Ok(None), "too short to be one");
        let mut packed = aggregate(&[user("k", "v")]);
        let last = packed.len() - 1;
        packed[last] ^= 0xff;
        assert_eq!(deaggregate(&packed), Err(KplError::Checksum));
    }
}
