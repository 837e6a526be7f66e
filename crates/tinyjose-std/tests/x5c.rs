//! x5c chains.
