//! What the input types of the writes share, so one type per write is read alike from a
//! JSON body, a page form and a sheet row through its `Deserialize`: a text field where
//! null or absence is blank, and a row of (column key, cell text) pairs read as a map whose
//! every cell is given text. A field that may be left out is an `Option<String>`; a JSON
//! value of another type is refused with serde's own message, which the API reports under
//! the field's name.

use serde::de::{
    self, value::MapDeserializer, DeserializeOwned, Deserializer, IntoDeserializer, Visitor,
};
use serde::Deserialize;

/// A text field where not given (absent or null) is blank.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// One cell's text, given whether the field is text or text that may be left out.
struct Cell(String);

impl IntoDeserializer<'_, de::value::Error> for Cell {
    type Deserializer = Cell;

    fn into_deserializer(self) -> Cell {
        self
    }
}

impl<'de> Deserializer<'de> for Cell {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_string(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// An input read from a sheet row or a form's fields: each cell's text under its column's
/// key. Keys the type does not name are passed over, so a row may carry columns another
/// part of the import reads (the node a record is filed at).
pub fn from_cells<T, K, I>(cells: I) -> Result<T, de::value::Error>
where
    T: DeserializeOwned,
    K: IntoDeserializer<'static, de::value::Error>,
    I: IntoIterator<Item = (K, String)>,
{
    T::deserialize(MapDeserializer::new(
        cells.into_iter().map(|(k, v)| (k, Cell(v))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Sample {
        #[serde(deserialize_with = "text")]
        name: String,
        note: Option<String>,
        when: Option<String>,
    }

    #[test]
    fn cells_fill_the_fields_they_name_and_leave_the_rest_not_given() {
        let s: Sample = from_cells([
            ("name", "张三".to_string()),
            ("node", "滨海街道".to_string()),
            ("when", String::new()),
        ])
        .unwrap();
        let want = Sample {
            name: "张三".into(),
            note: None,
            when: Some(String::new()),
        };
        assert_eq!(s, want);
    }

    #[test]
    fn json_takes_strings_and_null_and_refuses_other_types() {
        let s: Sample = serde_json::from_str(r#"{"name": null, "note": "x"}"#).unwrap();
        assert_eq!(
            s,
            Sample {
                note: Some("x".into()),
                ..Sample::default()
            }
        );
        let e = serde_json::from_str::<Sample>(r#"{"note": 5}"#).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("invalid type: integer `5`, expected a string"));
    }
}
