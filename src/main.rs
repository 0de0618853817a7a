//! The `kinetic` binary: parse the command line and run the console.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    kinetic::console::runtime::since_start();
    let cli = kinetic::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("kinetic: cannot start the async runtime: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    match runtime.block_on(kinetic::cli::run(cli)) {
        Ok(None) => std::process::ExitCode::SUCCESS,
        // The shell's convention for a process a signal ended.
        Ok(Some(signal)) => std::process::ExitCode::from(128 + signal as u8),
        Err(e) => {
            eprintln!("kinetic: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
