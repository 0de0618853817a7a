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
