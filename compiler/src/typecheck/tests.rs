use super::types::*;

#[test]
fn join_numbers_forgets_constants() {
    assert_eq!(join(&Ty::Number(Some(1.0)), &Ty::Number(Some(2.0))), Ty::number());
    assert_eq!(join(&Ty::Number(Some(1.0)), &Ty::Number(Some(1.0))), Ty::Number(Some(1.0)));
}
