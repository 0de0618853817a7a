//! The other AWS contexts (profiles and regions) the console may switch to, and how a runner
//! for one is built.
use super::EffectRunner;

/// A runner and header context being built for another profile or region.
pub type Connecting = std::pin::Pin<
    Box<
        dyn std::future::Future<
                Output = Result<(EffectRunner, super::super::context::Context), String>,
            > + Send,
    >,
>;

/// The AWS contexts the console may switch to: the profiles there are, and the clients for one.
pub trait Contexts: Send + Sync {
    /// The profile names of the AWS config and credentials files.
    fn profiles(&self) -> Result<Vec<String>, String>;
    /// A runner (and the header's context) for `profile` in `region`; `region` None means the
    /// profile's own, else `fallback_region`.
    fn connect(
        &self,
        profile: Option<String>,
        region: Option<String>,
        fallback_region: String,
    ) -> Connecting;

    /// A runner (and the header's context) for a watched context: its profile, region and
    /// endpoint.
    fn connect_watched(&self, context: &crate::domain::watch::WatchedContext) -> Connecting {
        self.connect(
            context.profile.clone(),
            context.region.clone(),
            "us-east-1".to_string(),
        )
    }
}
