//! A sandbox on its own runtime, for synchronous callers.

use std::ops::Deref;

use super::{RunningSandbox, Sandbox};
use crate::config::SandboxConfig;
use crate::error::SandboxError;

/// A [`RunningSandbox`] that owns a one-worker tokio runtime. Derefs to [`RunningSandbox`].
/// Create and drop it outside any tokio runtime.
pub struct BlockingSandbox {
    runtime: Option<tokio::runtime::Runtime>,
    running: RunningSandbox,
}

impl BlockingSandbox {
    pub(crate) fn start(config: SandboxConfig) -> Result<Self, SandboxError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("vulnbridge-sandbox")
            .enable_all()
            .build()
            .map_err(SandboxError::Runtime)?;
        let running = runtime.block_on(Sandbox::start(config))?;
        Ok(Self {
            runtime: Some(runtime),
            running,
        })
    }

    /// Stops the server and its runtime.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.block_on(self.running.stop());
            runtime.shutdown_background();
        }
    }
}

impl Deref for BlockingSandbox {
    type Target = RunningSandbox;

    fn deref(&self) -> &RunningSandbox {
        &self.running
    }
}

impl Drop for BlockingSandbox {
    fn drop(&mut self) {
        self.stop();
    }
}
