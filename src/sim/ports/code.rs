//! CodePort over the simulated account: the code bucket's object versions.
use super::super::SimAccount;
use super::super::calls::CallCounts;
use super::super::code;
use crate::domain::CodeObject;
use crate::domain::PortError;
use crate::ports::CodePort;
use async_trait::async_trait;

#[async_trait]
impl CodePort for SimAccount {
    async fn list_object_versions(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<Vec<CodeObject>, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.s3, 1);
        self.check_throttle("ListObjectVersions")?;
        if bucket != code::BUCKET {
            return Err(PortError::NotFound {
                resource: format!("bucket {bucket}"),
            });
        }
        Ok(code::versions(&self.inner.objects, key))
    }

    async fn head_object(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
    ) -> Result<CodeObject, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.s3, 1);
        self.check_throttle("HeadObject")?;
        let found = (bucket == code::BUCKET)
            .then(|| code::find(&self.inner.objects, key, version))
            .flatten()
            .ok_or_else(|| PortError::NotFound {
                resource: format!(
                    "s3://{bucket}/{key}{}",
                    version.map(|v| format!(" version {v}")).unwrap_or_default()
                ),
            })?;
        Ok(CodeObject {
            key: found.key.clone(),
            version_id: Some(found.version_id.clone()),
            size: found.size,
            uploaded: Some(found.uploaded),
            latest: code::versions(&self.inner.objects, key)
                .first()
                .is_some_and(|o| o.version_id.as_deref() == Some(found.version_id.as_str())),
        })
    }
}
