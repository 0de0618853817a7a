//! Links to the AWS console pages of a stream or an application.

/// The Kinesis console's page of `stream`, on its monitoring tab.
pub fn stream(region: &str, stream: &str) -> String {
    format!(
        "https://{region}.console.aws.amazon.com/kinesis/home?region={region}#/streams/details/{stream}/monitoring"
    )
}

/// The Managed Service for Apache Flink console's page of `app`.
pub fn application(region: &str, app: &str) -> String {
    format!(
        "https://{region}.console.aws.amazon.com/flink/home?region={region}#/applications/{app}"
    )
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!(
        "\u{1b}]52;c;{}\u{7}",
        aws_smithy_types::base64::encode(text.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_and_the_clipboard_sequence() {
        assert_eq!(
            super::stream("eu-west-1", "orders"),
            "https://eu-west-1.console.aws.amazon.com/kinesis/home?region=eu-west-1#/streams/details/orders/monitoring"
        );
        assert_eq!(
            super::application("us-east-1", "fraud"),
            "https://us-east-1.console.aws.amazon.com/flink/home?region=us-east-1#/applications/fraud"
        );
        assert_eq!(super::osc52("hi"), "\u{1b}]52;c;aGk=\u{7}");
    }
}
