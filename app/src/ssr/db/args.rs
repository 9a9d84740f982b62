//! Building SQL with a variable number of `$n` parameters (filters, `IN (…)` lists, batches)
//! for both dialects: the SQL text grows with the arguments, then both are bound in order.
use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Any, FromRow};

/// One bound value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
    NullInt,
    NullFloat,
    NullText,
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}
impl From<f64> for Arg {
    fn from(v: f64) -> Self {
        Arg::Float(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_string())
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Arg::NullInt, Arg::Int)
    }
}
impl From<Option<f64>> for Arg {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Arg::NullFloat, Arg::Float)
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        v.map_or(Arg::NullText, Arg::Text)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        v.map_or(Arg::NullText, |s| Arg::Text(s.to_string()))
    }
}

/// Binds every value in order; the three query kinds of sqlx share no trait for `bind`.
macro_rules! bind_all {
    ($query:expr, $values:expr) => {{
        let mut q = $query;
        for v in $values {
            q = match v {
                Arg::Int(x) => q.bind(x),
                Arg::Float(x) => q.bind(x),
                Arg::Text(x) => q.bind(x),
                Arg::Bool(x) => q.bind(x),
                Arg::NullInt => q.bind(None::<i64>),
                Arg::NullFloat => q.bind(None::<f64>),
                Arg::NullText => q.bind(None::<String>),
            };
        }
        q
    }};
}

/// Arguments collected while the SQL is written.
#[derive(Debug, Default, Clone)]
pub struct Args {
    values: Vec<Arg>,
}

impl Args {
    pub fn new() -> Self {
        Args::default()
    }

    /// Adds a value and returns its placeholder (`$3`).
    pub fn push(&mut self, value: impl Into<Arg>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }

    /// Adds every value and returns `$3, $4, $5` for an `IN (…)` list.
    pub fn push_list<T: Into<Arg>>(&mut self, values: impl IntoIterator<Item = T>) -> String {
        values.into_iter().map(|v| self.push(v)).collect::<Vec<_>>().join(", ")
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Binds into a `query`.
    pub fn bind<'q>(self, q: Query<'q, Any, AnyArguments<'q>>) -> Query<'q, Any, AnyArguments<'q>> {
        bind_all!(q, self.values)
    }

    /// Binds into a `query_as`.
    pub fn bind_as<'q, O>(self, q: QueryAs<'q, Any, O, AnyArguments<'q>>) -> QueryAs<'q, Any, O, AnyArguments<'q>>
    where
        O: for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        bind_all!(q, self.values)
    }

    /// Binds into a `query_scalar`.
    pub fn bind_scalar<'q, O>(
        self,
        q: QueryScalar<'q, Any, O, AnyArguments<'q>>,
    ) -> QueryScalar<'q, Any, O, AnyArguments<'q>> {
        bind_all!(q, self.values)
    }
}

/// The SQL as SQLite binds it fastest. SQLite looks every *named* parameter (`$1`, and `?1`
/// too) up in a list, which is quadratic in their number (5,000 cost 90 ms), while anonymous
/// `?` parameters are bound by position. So on SQLite, when the placeholders appear exactly as
/// `$1, $2, … $n` in order, they become `?`; otherwise (a value used twice) they stay numbered.
/// PostgreSQL keeps `$n`. `$` never appears in our SQL text otherwise (values are always bound).
pub fn for_dialect(dialect: super::Dialect, sql: &str) -> std::borrow::Cow<'_, str> {
    if dialect != super::Dialect::Sqlite || !sql.contains('$') {
        return std::borrow::Cow::Borrowed(sql);
    }
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let (mut expected, mut in_order, mut i, mut last) = (1usize, true, 0usize, 0usize);
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            let n: usize = sql[start..end].parse().unwrap_or(0);
            in_order &= n == expected;
            expected += 1;
            out.push_str(&sql[last..i]);
            out.push('?');
            if !in_order {
                break;
            }
            last = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if in_order {
        out.push_str(&sql[last..]);
        return std::borrow::Cow::Owned(out);
    }
    std::borrow::Cow::Owned(sql.replace('$', "?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::Dialect;

    #[test]
    fn sqlite_gets_positional_question_marks_when_it_can() {
        let in_order = "SELECT a FROM t WHERE b IN ($1, $2) AND c = $3";
        assert_eq!(for_dialect(Dialect::Sqlite, in_order), "SELECT a FROM t WHERE b IN (?, ?) AND c = ?");
        let reused = "SELECT a FROM t WHERE b = $1 OR c = $1 OR d = $2";
        assert_eq!(for_dialect(Dialect::Sqlite, reused), "SELECT a FROM t WHERE b = ?1 OR c = ?1 OR d = ?2");
        assert_eq!(for_dialect(Dialect::Postgres, in_order), in_order);
        assert_eq!(for_dialect(Dialect::Sqlite, "SELECT 1"), "SELECT 1");
        let ten = (1..=10).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
        assert_eq!(for_dialect(Dialect::Sqlite, &ten), ["?"; 10].join(","));
    }

    #[test]
    fn placeholders_number_in_order() {
        let mut a = Args::new();
        assert_eq!(a.push(1i64), "$1");
        assert_eq!(a.push_list(["x", "y", "z"]), "$2, $3, $4");
        assert_eq!(a.push(None::<String>), "$5");
        assert_eq!(a.len(), 5);
    }
}
