//! The 统一社会信用代码 (GB 32100-2015): 18 characters from a set of 31 (the digits and the
//! capital letters without I, O, S, V and Z) — the registering authority, the kind of body,
//! the six-digit administrative division, the nine-character organization code, and a check
//! character computed over the first seventeen (weights 3^(i-1) mod 31).

use crate::DomainError;

/// The 31 characters a code may use, in the order of their values.
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A valid unified social credit code, in capitals.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

fn value(c: u8) -> Option<u32> {
    CHARSET.iter().position(|x| *x == c).map(|p| p as u32)
}

/// The check character of the first seventeen characters.
fn check_char(body: &[u8]) -> Option<u8> {
    let mut weight = 1u32;
    let mut sum = 0u32;
    for c in body.iter().take(17) {
        sum += value(*c)? * weight;
        weight = weight * 3 % 31;
    }
    let v = (31 - sum % 31) % 31;
    Some(CHARSET[v as usize])
}

impl CreditCode {
    /// Accepts lower case and surrounding spaces; names what is wrong: the length, a
    /// character outside the set (I, O, S, V, Z, punctuation), a division code that is not
    /// six digits, or the check character.
    pub fn parse(s: &str) -> Result<CreditCode, DomainError> {
        let t = s.trim().to_uppercase();
        let bad = |k: &str| Err(DomainError::field("credit_code", k));
        if t.is_empty() {
            return bad("err.required");
        }
        let b = t.as_bytes();
        if b.len() != 18 || !t.is_ascii() {
            return bad("err.credit_code_length");
        }
        if b.iter().any(|c| value(*c).is_none()) {
            return bad("err.credit_code_chars");
        }
        if !b[2..8].iter().all(u8::is_ascii_digit) {
            return bad("err.credit_code_division");
        }
        if check_char(b) != Some(b[17]) {
            return bad("err.credit_code_check");
        }
        Ok(CreditCode(t))
    }

    /// The code whose first seventeen characters are `first17`, with its check character
    /// computed (for generated records: the demo, the benchmark's data).
    pub fn complete(first17: &str) -> Result<CreditCode, DomainError> {
        let body = first17.trim().to_uppercase();
        let check = match body.len() {
            17 => check_char(body.as_bytes()),
            _ => None,
        };
        match check {
            Some(c) => CreditCode::parse(&format!("{body}{}", c as char)),
            None => Err(DomainError::field("credit_code", "err.credit_code_chars")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit administrative division it was registered in.
    pub fn division(&self) -> &str {
        &self.0[2..8]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        match CreditCode::parse(s) {
            Ok(_) => "ok".into(),
            Err(DomainError::Invalid(fe)) => fe.0["credit_code"].clone(),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn published_codes_pass() {
        // Codes printed on business licences and in public registers.
        for c in [
            "91350100M000100Y43",
            "91110000802100433B",
            "91110108551385082Q",
        ] {
            assert_eq!(key(c), "ok", "{c}");
        }
        assert_eq!(
            CreditCode::parse(" 91350100m000100y43 ").unwrap().as_str(),
            "91350100M000100Y43"
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y43").unwrap().division(),
            "350100"
        );
    }

    #[test]
    fn each_wrong_character_class_is_named() {
        assert_eq!(key(""), "err.required");
        assert_eq!(key("91350100M000100Y4"), "err.credit_code_length");
        assert_eq!(key("91350100M000100Y433"), "err.credit_code_length");
        assert_eq!(key("91350100M000100Y4３"), "err.credit_code_length");
        for letter in ['I', 'O', 'S', 'V', 'Z'] {
            let c = format!("91350100M{letter}00100Y43");
            assert_eq!(key(&c), "err.credit_code_chars", "{c}");
        }
        assert_eq!(key("91350100M000100-43"), "err.credit_code_chars");
        assert_eq!(key("9135A100M000100Y43"), "err.credit_code_division");
    }

    #[test]
    fn a_wrong_check_character_is_refused() {
        let good = "91350100M000100Y43";
        for c in CHARSET.iter().map(|c| *c as char).filter(|c| *c != '3') {
            let bad = format!("{}{c}", &good[..17]);
            assert_eq!(key(&bad), "err.credit_code_check", "{bad}");
        }
        // A check computed here over other bodies agrees with the parse.
        let made = CreditCode::complete("91370800MA3C1234X").unwrap();
        assert_eq!(key(made.as_str()), "ok", "{made:?}");
        assert_eq!(
            CreditCode::complete("91350100M000100Y4").unwrap().as_str(),
            "91350100M000100Y43"
        );
        assert!(CreditCode::complete("91350100M000100I4").is_err());
    }
}
