//! Logging to standard error, filtered by the `log` setting (tracing's `EnvFilter` syntax).
use tracing_subscriber::EnvFilter;

pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|e| {
        eprintln!("log filter {filter:?} is not valid ({e}); using \"info\"");
        EnvFilter::new("info")
    });
    // A second call (tests start several apps) keeps the first subscriber.
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(std::io::stderr).try_init();
}
