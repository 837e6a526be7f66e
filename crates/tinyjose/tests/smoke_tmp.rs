//! Temporary.
#[test]
fn t() {}
