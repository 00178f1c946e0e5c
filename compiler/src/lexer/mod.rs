//! Placeholder; see the front-end work.
