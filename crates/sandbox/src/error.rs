//! Errors of the sandbox's public API.

/// Why the sandbox could not start or stop.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The listening socket could not be bound.
    #[error("could not bind the sandbox to 127.0.0.1:{port}: {source}; pick another port or use 0 for an ephemeral one")]
    Bind {
        /// The requested port.
        port: u16,
        /// The OS error.
        source: std::io::Error,
    },
    /// The runtime thread for a blocking sandbox could not be created.
    #[error("could not start the sandbox runtime thread: {0}; check the process thread limits")]
    Runtime(std::io::Error),
}
