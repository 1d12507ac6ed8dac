//! Shared support for the end-to-end tests lives in tests/.
