//! Contexts of one account and region share one budget: two profiles on the same moto in the same region join one budget once STS names their account; the same account in another region, or behind another endpoint, has its own.
use clap::Parser;
use kinetic::aws::shared_budget::{BudgetKey, SharedBudgets};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn two_profiles_of_one_account_and_region_share_a_budget() {
    let moto = crate::support::moto::moto();
    let another = crate::support::moto::another_moto();
    // A region no other test of this binary uses: the budgets are the process's.
    let region = "sa-east-1";
    let files = crate::support::profiles::ProfileFiles::new(
        &[
            ("admin", region, &moto.endpoint),
            ("readonly", region, &moto.endpoint),
            ("west", "us-west-1", &moto.endpoint),
            ("elsewhere", region, &another.endpoint),
        ],
        "",
    );
    // Connections stay open for the test (their budgets are joined in the background).
    let mut connections = Vec::new();
    for profile in ["admin", "readonly", "west", "elsewhere"] {
        let mut cli = kinetic::cli::Cli::parse_from(["kinetic", "--profile", profile]);
        cli.profile_files = Some(files.paths());
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        connections.push(kinetic::cli::connect(&cli, tx).await.unwrap());
    }
    let key = |endpoint: &str, region: &str| BudgetKey {
        endpoint: Some(endpoint.to_string()),
        // moto's one account.
        account: "123456789012".into(),
        region: region.into(),
    };
    let (shared, west, elsewhere) = (
        key(&moto.endpoint, region),
        key(&moto.endpoint, "us-west-1"),
        key(&another.endpoint, region),
    );
    let budgets = SharedBudgets::global();
    // STS is asked in the background, so the budgets are joined a moment after connecting.
    let deadline = Instant::now() + Duration::from_secs(20);
    while budgets.joined(&shared) < 2 || budgets.joined(&west) < 1 || budgets.joined(&elsewhere) < 1
    {
        assert!(
            Instant::now() < deadline,
            "never joined: {} {} {} (keys {shared:?})",
            budgets.joined(&shared),
            budgets.joined(&west),
            budgets.joined(&elsewhere)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(budgets.joined(&shared), 2, "admin and readonly: one budget");
    assert_eq!(budgets.joined(&west), 1, "another region: its own");
    assert_eq!(budgets.joined(&elsewhere), 1, "another endpoint: its own");
}
