//! An application's code in S3: one object version of a key.
use super::Timestamp;

/// One version of an S3 object (ListObjectVersions, HeadObject).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeObject {
    pub key: String,
    /// None in a bucket without versioning.
    pub version_id: Option<String>,
    pub size: u64,
    pub uploaded: Option<Timestamp>,
    /// The version a GET without a version id returns.
    pub latest: bool,
}

impl CodeObject {
    /// Its size for people: "52.6 MB".
    pub fn size_text(&self) -> String {
        let size = self.size as f64;
        match self.size {
            0..1_000 => format!("{} B", self.size),
            1_000..1_000_000 => format!("{:.1} kB", size / 1e3),
            1_000_000..1_000_000_000 => format!("{:.1} MB", size / 1e6),
            _ => format!("{:.2} GB", size / 1e9),
        }
    }
}

/// The bucket name of an S3 bucket ARN (`arn:aws:s3:::bucket`); a plain name is returned as is.
pub fn bucket_name(bucket_arn: &str) -> &str {
    bucket_arn.rsplit(':').next().unwrap_or(bucket_arn)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bucket_names_come_from_arns_or_stand_alone() {
        assert_eq!(
            super::bucket_name("arn:aws:s3:::acme-artifacts"),
            "acme-artifacts"
        );
        assert_eq!(super::bucket_name("acme-artifacts"), "acme-artifacts");
    }
}
