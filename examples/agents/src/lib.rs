//! Example agents; filled in by the agents issue.
