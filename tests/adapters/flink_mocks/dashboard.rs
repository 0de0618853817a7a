//! The Job tab's way into a Managed Flink application's dashboard when AWS will not give one
//! (aws-smithy-mocks): a role without the permission, and an application that is not RUNNING,
//! each one sentence that says what to do, asked again at most once a minute.
use aws_sdk_kinesisanalyticsv2::Client;
use aws_sdk_kinesisanalyticsv2::operation::create_application_presigned_url::CreateApplicationPresignedUrlError;
use aws_smithy_mocks::{mock, mock_client};
use aws_smithy_types::error::ErrorMetadata;
use kinetic::aws::AwsFlink;
use kinetic::flink_rest::dashboard::ManagedDashboards;
use kinetic::ports::JobsPort;
use std::sync::Arc;

fn dashboards(client: Client) -> ManagedDashboards {
    ManagedDashboards::new(
        Arc::new(AwsFlink::new(client)),
        "eu-west-1",
        false,
        Arc::new(chrono::Utc::now),
    )
}

#[tokio::test]
async fn a_role_without_the_permission_is_told_which_action_to_add() {
    let denied = mock!(Client::create_application_presigned_url).then_error(|| {
        CreateApplicationPresignedUrlError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("User: arn:aws:sts::1:assumed-role/oncall/x is not authorized to perform: kinesisanalytics:CreateApplicationPresignedUrl")
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&denied]);
    let dashboards = dashboards(client);
    let sentence = dashboards
        .job_view("enricher")
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        sentence,
        "access denied for kinesisanalytics:CreateApplicationPresignedUrl: add it to the role's IAM policy (the README lists what kinetic needs)"
    );
    // The next refresh within the minute says the same without asking again.
    let again = dashboards
        .job_view("enricher")
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(again, sentence);
    assert_eq!(denied.num_calls(), 1);
}

#[tokio::test]
async fn an_application_that_is_not_running_has_no_dashboard_said_as_such() {
    let stopped = mock!(Client::create_application_presigned_url).then_error(|| {
        CreateApplicationPresignedUrlError::ResourceInUseException(
            aws_sdk_kinesisanalyticsv2::types::error::ResourceInUseException::builder()
                .message("Application enricher is in READY state")
                .meta(
                    ErrorMetadata::builder()
                        .code("ResourceInUseException")
                        .message("Application enricher is in READY state")
                        .build(),
                )
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&stopped]);
    let sentence = dashboards(client)
        .job_view("enricher")
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        sentence,
        "Flink's own view of the job of enricher is not available: AWS serves an application's Flink dashboard only while it is RUNNING"
    );
}
