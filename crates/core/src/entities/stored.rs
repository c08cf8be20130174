//! A domain enumeration in a text column: written as its stable name, read
//! back as the value. A name the code does not know fails the read with a
//! database error (a broken row is an incident, not a quiet `Multiplier`).

use migraup_domain::kinds::Named;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, StringLen, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};

/// The stored form of a domain enumeration; `.0` is the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Stored<T>(pub T);

impl<T: Named> From<Stored<T>> for Value {
    fn from(stored: Stored<T>) -> Self {
        Value::String(Some(stored.0.name().to_owned()))
    }
}

fn unknown<T: Named>(text: &str) -> DbErr {
    DbErr::Type(format!("unknown {} {text:?} in the database", T::TYPE))
}

impl<T: Named> TryGetable for Stored<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let text = String::try_get_by(res, index)?;
        T::from_name(&text).map(Stored).ok_or_else(|| TryGetError::DbErr(unknown::<T>(&text)))
    }
}

impl<T: Named> ValueType for Stored<T> {
    fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
        match value {
            Value::String(Some(text)) => T::from_name(&text).map(Stored).ok_or(ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        format!("Stored<{}>", T::TYPE)
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::String(StringLen::None)
    }
}

impl<T: Named> Nullable for Stored<T> {
    fn null() -> Value {
        Value::String(None)
    }
}
