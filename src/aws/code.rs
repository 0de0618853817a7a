//! `CodePort` over S3: the versions of an application's code key (ListObjectVersions, every
//! page) and HeadObject for the deploy's "the object exists" check.
use super::error::Endpoint;
use crate::domain::time::from_epoch_millis;
use crate::domain::{CodeObject, PortError};
use crate::ports::CodePort;
use async_trait::async_trait;
use aws_sdk_s3::Client;

const MAX_PAGES: usize = 100;

pub struct AwsCode {
    client: Client,
    endpoint: Endpoint,
}

impl AwsCode {
    pub fn new(client: Client) -> Self {
        Self {
            endpoint: Endpoint::aws("s3", client.config().region()),
            client,
        }
    }

    /// Names `--endpoint-url` (when there is one) in the sentence of a call that cannot get there.
    pub fn with_endpoint(mut self, custom: Option<&str>) -> Self {
        self.endpoint = self.endpoint.or_custom(custom);
        self
    }
}

fn millis(t: &aws_smithy_types::DateTime) -> crate::domain::Timestamp {
    from_epoch_millis(t.to_millis().unwrap_or_default())
}

#[async_trait]
impl CodePort for AwsCode {
    async fn list_object_versions(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<Vec<CodeObject>, PortError> {
        let mut objects = Vec::new();
        let (mut key_marker, mut version_marker): (Option<String>, Option<String>) = (None, None);
        for _ in 0..MAX_PAGES {
            let page = self
                .client
                .list_object_versions()
                .bucket(bucket)
                .prefix(key)
                .set_key_marker(key_marker.clone())
                .set_version_id_marker(version_marker.clone())
                .send()
                .await
                .map_err(|e| {
                    self.endpoint
                        .error("ListObjectVersions", &format!("bucket {bucket}"), e)
                })?;
            // The prefix also matches longer keys (app.jar.bak): keep the key itself.
            objects.extend(
                page.versions()
                    .iter()
                    .filter(|v| v.key() == Some(key))
                    .map(|v| CodeObject {
                        key: key.to_string(),
                        version_id: v
                            .version_id()
                            .filter(|id| *id != "null")
                            .map(str::to_string),
                        size: v.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
                        uploaded: v.last_modified().map(millis),
                        latest: v.is_latest().unwrap_or(false),
                    }),
            );
            if page.is_truncated() != Some(true) {
                break;
            }
            key_marker = page.next_key_marker().map(str::to_string);
            version_marker = page.next_version_id_marker().map(str::to_string);
        }
        objects.sort_by_key(|o| std::cmp::Reverse(o.uploaded));
        Ok(objects)
    }

    async fn head_object(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
    ) -> Result<CodeObject, PortError> {
        let resource = format!(
            "s3://{bucket}/{key}{}",
            version.map(|v| format!(" version {v}")).unwrap_or_default()
        );
        let output = self
            .client
            .head_object()
            .bucket(bucket)
            .key(key)
            .set_version_id(version.map(str::to_string))
            .send()
            .await
            .map_err(|e| self.endpoint.error("HeadObject", &resource, e))?;
        Ok(CodeObject {
            key: key.to_string(),
            version_id: output.version_id().map(str::to_string),
            size: output
                .content_length()
                .and_then(|s| u64::try_from(s).ok())
                .unwrap_or(0),
            uploaded: output.last_modified().map(millis),
            latest: false,
        })
    }
}
