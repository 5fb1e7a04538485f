//! How a name is found by its spelling in Latin letters: users at a desk type the pinyin
//! initials of a name (`fchy` for 富成花园) or its whole pinyin (`fucheng`), as the
//! pickers of the platforms they know allow. A name's key holds both, lower case, so a
//! text search over the key finds either.

use pinyin::ToPinyin;

/// The key a name is searched by: its initials, a space, its whole pinyin without tones.
/// Letters and digits that are not Chinese are kept (lower case) in both; anything else
/// (spaces, brackets, dots) is left out.
pub fn spell_key(name: &str) -> String {
    let mut initials = String::new();
    let mut whole = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => {
                initials.push_str(p.first_letter());
                whole.push_str(p.plain());
            }
            None if c.is_ascii_alphanumeric() => {
                let c = c.to_ascii_lowercase();
                initials.push(c);
                whole.push(c);
            }
            None => {}
        }
    }
    if initials == whole {
        return initials;
    }
    format!("{initials} {whole}")
}

/// What a typed text is searched for in the keys: the text in lower case when it is all
/// Latin letters and digits (at least two, so one letter does not match half the tree);
/// `None` when it should be searched in the names only.
pub fn spell_query(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphanumeric())).then(|| t.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_name_is_keyed_by_its_initials_and_its_whole_pinyin() {
        assert_eq!(spell_key("富成花园社区"), "fchysq fuchenghuayuanshequ");
        assert_eq!(spell_key("大屯街道"), "dtjd datunjiedao");
    }

    #[test]
    fn latin_letters_and_digits_are_kept_and_punctuation_left_out() {
        assert_eq!(spell_key("第3网格（A区）"), "d3wgaq di3wanggeaqu");
        assert_eq!(spell_key("CBD Park"), "cbdpark");
        assert_eq!(spell_key(""), "");
    }

    #[test]
    fn only_latin_text_of_two_or_more_is_searched_in_the_keys() {
        assert_eq!(spell_query(" FCHY "), Some("fchy".into()));
        assert_eq!(spell_query("f"), None);
        assert_eq!(spell_query("富成"), None);
        assert_eq!(spell_query("fc hy"), None);
    }

    #[test]
    fn a_key_contains_what_its_initials_or_pinyin_query_asks() {
        let key = spell_key("富成花园社区");
        for q in ["fchy", "hysq", "fucheng", "huayuan"] {
            assert!(key.contains(&spell_query(q).unwrap()), "{q}");
        }
    }
}
