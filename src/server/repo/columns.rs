//! Column types the rows share: a list of stored values in one text
//! column, and a 0/1 integer as a `bool`. A value the model does not know
//! fails the row's decoding (the row is corrupt) rather than vanishing.

use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};

use crate::model::Stored;

/// A text column holding stored values separated by commas (`rust,go`);
/// empty for none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<T: Stored> List<T> {
    /// The column's text for `values`.
    pub fn text(values: &[T]) -> String {
        values.iter().map(|v| v.stored()).collect::<Vec<_>>().join(",")
    }

    /// Reads the column's text; `Err` names the first unknown value.
    pub fn parse(text: &str) -> Result<Self, String> {
        text.split(',')
            .filter(|s| !s.is_empty())
            .map(|s| T::from_stored(s).ok_or_else(|| format!("unknown value `{s}` in the list `{text}`")))
            .collect::<Result<Vec<_>, _>>()
            .map(List)
    }
}

impl<T> Type<Any> for List<T> {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r, T: Stored> Decode<'r, Any> for List<T> {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        Ok(List::parse(&text)?)
    }
}

/// An integer column holding 0 or 1 (SQLite has no boolean; the same
/// column on PostgreSQL is an integer too, so both read alike).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bit(pub bool);

impl Type<Any> for Bit {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty) || <i32 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Bit {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        match <i64 as Decode<'r, Any>>::decode(value)? {
            0 => Ok(Bit(false)),
            1 => Ok(Bit(true)),
            other => Err(format!("{other} is not 0 or 1").into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Stack};

    #[test]
    fn a_list_reads_back_what_it_wrote_and_refuses_what_it_does_not_know() {
        let stacks = [Stack::Rust, Stack::Go];
        let text = List::text(&stacks);
        assert_eq!(text, "rust,go");
        assert_eq!(List::<Stack>::parse(&text), Ok(List(stacks.to_vec())));
        assert_eq!(List::<Stack>::parse(""), Ok(List(Vec::new())));
        let places = List::<Location>::parse("europe,de").expect("known places");
        assert_eq!(places.0.len(), 2);
        let err = List::<Stack>::parse("rust,cobol").expect_err("cobol is not a stack");
        assert!(err.contains("`cobol`"), "{err}");
    }
}
