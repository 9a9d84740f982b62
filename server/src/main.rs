//! The `hakpaeng` binary.
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    hakpaeng::cli::run(hakpaeng::cli::Cli::parse()).await
}
