//! What the input types of the writes share, so one type per write is read alike from a
//! JSON body, a page form and a sheet row through its `Deserialize`: a text field where
//! null or absence is blank, and a row of (column key, cell text) pairs read as a map whose
//! every cell is given text. A field that may be left out is an `Option<String>`; a JSON
//! value of another type is refused with serde's own message, which the API reports under
//! the field's name.

use serde::de::{
    self, value::MapDeserializer, DeserializeOwned, Deserializer, IntoDeserializer, SeqAccess,
    Visitor,
};
use serde::Deserialize;
use std::fmt;

/// A text field where not given (absent or null) is blank.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A number given as a JSON number or as text (`12.5`, `"1.5万"`, `"2025H1"`), kept as the
/// text the caller wrote: an integer as its digits, any other number as the shortest text
/// that reads back as it. Null is refused.
pub fn num_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(NumText)
}

/// [`num_text`] that may be left out: null or absence is blank.
pub fn opt_num_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_option(OptNumText)
}

struct NumText;

impl Visitor<'_> for NumText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or text")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        // Beyond an i64 a number is read as a float, as it always was.
        Ok(match i64::try_from(v) {
            Ok(n) => n.to_string(),
            Err(_) => (v as f64).to_string(),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

struct OptNumText;

impl<'de> Visitor<'de> for OptNumText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or text")
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        num_text(d)
    }
}

/// A field that is null or left out read as its type's default (`false`, an empty list).
pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A change's text field: left out it is `None` (with `#[serde(default)]`), kept; given, it
/// is `Some`, and null is blank, which clears it.
pub fn given_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Some(text(d)?))
}

/// A change's field where null is told from absence: left out `None` (with
/// `#[serde(default)]`), null `Some(None)`.
pub fn given<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Some(Option::deserialize(d)?))
}

/// [`num_text`] of a change: null or absence is `None`, kept.
pub fn maybe_num_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(MaybeNumText)
}

struct MaybeNumText;

impl<'de> Visitor<'de> for MaybeNumText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or text")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        num_text(d).map(Some)
    }
}

/// A whole number that may be left out, kept as its digits: null or absence is `None`.
pub fn maybe_int_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<i64>::deserialize(d)?.map(|n| n.to_string()))
}

/// Any value given for a number, kept as text for the field's own check to judge: text as
/// written, an integer as its digits, and any other value (a fraction, true, a list) as
/// text no whole-number check takes. Null or absence is blank.
pub fn loose_num_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_option(Loose)
}

struct Loose;

impl<'de> Visitor<'de> for Loose {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(Loose)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        // `1.0` stays a fraction, as it was written.
        Ok(format!("{v:?}"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok("[]".into())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok("{}".into())
    }
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

    #[derive(Debug, Default, Deserialize, PartialEq)]
    struct Amounts {
        #[serde(deserialize_with = "num_text")]
        score: String,
        #[serde(default, deserialize_with = "opt_num_text")]
        amount: String,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    struct Loosely {
        #[serde(default, deserialize_with = "loose_num_text")]
        days: String,
    }

    #[test]
    fn loose_numbers_take_any_value_as_text() {
        let read = |j: &str| serde_json::from_str::<Loosely>(j).unwrap().days;
        assert_eq!(read(r#"{"days": 3}"#), "3");
        assert_eq!(read(r#"{"days": "5"}"#), "5");
        assert_eq!(read(r#"{"days": 1.0}"#), "1.0");
        assert_eq!(read(r#"{"days": true}"#), "true");
        assert_eq!(read(r#"{"days": [1, 2]}"#), "[]");
        assert_eq!(read(r#"{"days": null}"#), "");
        assert_eq!(read("{}"), "");
    }

    #[test]
    fn numbers_are_read_as_the_text_written() {
        let read = |j: &str| serde_json::from_str::<Amounts>(j).map_err(|e| e.to_string());
        let a = read(r#"{"score": 92.5, "amount": "1.5万"}"#).unwrap();
        assert_eq!((a.score.as_str(), a.amount.as_str()), ("92.5", "1.5万"));
        let a = read(r#"{"score": 90, "amount": null}"#).unwrap();
        assert_eq!((a.score.as_str(), a.amount.as_str()), ("90", ""));
        assert!(read(r#"{"score": null}"#).is_err());
        assert!(read(r#"{"score": true}"#).is_err());
        let cells: Amounts = from_cells([("score", "88".to_string())]).unwrap();
        assert_eq!(cells.score, "88");
    }
}

/// The codes of a stored or typed text (separated by commas, 、 or spaces), in its order.
pub fn split_codes(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// A list of codes given as a JSON list of texts or as one text (a form's field, a cell)
/// with the codes separated by commas. Null or absence is none.
pub fn code_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_option(Codes)
}

struct Codes;

impl<'de> Visitor<'de> for Codes {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of codes or a text of codes separated by commas")
    }

    fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(Codes)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(split_codes(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::new();
        while let Some(c) = seq.next_element::<String>()? {
            out.push(c);
        }
        Ok(out)
    }
}
