//! The deploy picker's S3 calls end to end against moto: the versions of a code key in a
//! versioned bucket, newest first, and HeadObject of one version (or of one that is not there).
use crate::support::moto::{s3_client, unique};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
use kinetic::aws::AwsCode;
use kinetic::domain::PortError;
use kinetic::ports::CodePort;

/// A versioned bucket with three uploads of `app/app.jar` (sizes 10, 20, 30) and one longer key
/// that shares the prefix; the version ids, oldest first.
async fn bucket_with_versions() -> (String, Vec<String>) {
    let client = s3_client();
    let bucket = unique("code").to_lowercase();
    client
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("create_bucket");
    client
        .put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .expect("put_bucket_versioning");
    let mut versions = Vec::new();
    for size in [10, 20, 30] {
        let put = client
            .put_object()
            .bucket(&bucket)
            .key("app/app.jar")
            .body(ByteStream::from(vec![b'j'; size]))
            .send()
            .await
            .expect("put_object");
        versions.push(put.version_id().unwrap().to_string());
        // Distinct upload times, so newest-first has one answer.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
    client
        .put_object()
        .bucket(&bucket)
        .key("app/app.jar.bak")
        .body(ByteStream::from_static(b"old"))
        .send()
        .await
        .expect("put_object");
    (bucket, versions)
}

#[tokio::test]
async fn lists_the_versions_of_one_key_newest_first_and_heads_one_version() {
    let (bucket, versions) = bucket_with_versions().await;
    let code = AwsCode::new(s3_client());
    let listed = code
        .list_object_versions(&bucket, "app/app.jar")
        .await
        .unwrap();
    assert_eq!(
        listed.len(),
        3,
        "only the key itself, not app.jar.bak: {listed:?}"
    );
    let ids: Vec<_> = listed
        .iter()
        .map(|o| o.version_id.clone().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            versions[2].clone(),
            versions[1].clone(),
            versions[0].clone()
        ]
    );
    assert!(listed[0].latest && !listed[1].latest);
    assert_eq!(
        listed.iter().map(|o| o.size).collect::<Vec<_>>(),
        [30, 20, 10]
    );
    assert!(listed[0].uploaded > listed[2].uploaded);

    let head = code
        .head_object(&bucket, "app/app.jar", Some(&versions[1]))
        .await
        .unwrap();
    assert_eq!(
        (head.size, head.version_id.as_deref()),
        (20, Some(versions[1].as_str()))
    );
}

#[tokio::test]
async fn a_missing_key_is_not_found_and_lists_nothing() {
    let (bucket, _) = bucket_with_versions().await;
    let code = AwsCode::new(s3_client());
    let missing = code
        .head_object(&bucket, "app/nope.jar", None)
        .await
        .unwrap_err();
    assert!(matches!(missing, PortError::NotFound { .. }), "{missing:?}");
    assert!(missing.to_string().contains("app/nope.jar"), "{missing}");
    assert!(
        code.list_object_versions(&bucket, "app/nope.jar")
            .await
            .unwrap()
            .is_empty()
    );
}
