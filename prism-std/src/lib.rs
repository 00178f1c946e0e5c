//! prism-std: the primitive library (`@parallax/primitives/<category>`).
//!
//! Primitives are added by the prism-std issue; this crate exists so the workspace has its final
//! shape from the start.
