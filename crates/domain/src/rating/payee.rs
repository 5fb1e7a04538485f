//! A payee's bank account for the 红星津贴: the bank, the account holder and the account
//! number. The number is personal data: it is shown masked to its last four digits everywhere
//! but the bank-transfer sheet.

use crate::fields::parse_text;
use crate::input::text;
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

/// The fewest and the most digits an account number has.
pub const ACCOUNT_DIGITS: (usize, usize) = (12, 30);

/// A payee account as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = PayeeAccountBody))]
pub struct PayeeInput {
    /// The bank (and branch), at most 100 characters.
    #[serde(default, deserialize_with = "text")]
    pub bank_name: String,
    /// The account holder's name, at most 50 characters.
    #[serde(default, deserialize_with = "text")]
    pub holder: String,
    /// 12–30 digits; spaces are allowed and removed.
    #[serde(default, deserialize_with = "text")]
    pub account_number: String,
}

/// A checked payee account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayeeAccount {
    pub bank_name: String,
    pub holder: String,
    /// Digits only.
    pub account_number: String,
}

/// An account number as digits: spaces (a full-width one too) removed, then 12–30 digits.
pub fn parse_account_number(field: &str, s: &str) -> Result<String, DomainError> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Err(DomainError::field(field, "err.required"));
    }
    let (min, max) = ACCOUNT_DIGITS;
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(min..=max).contains(&digits.len()) {
        return Err(DomainError::field(field, "err.payee_account_number"));
    }
    Ok(digits)
}

/// An account number as shown: its last four digits after a mask (`**** 6789`).
pub fn mask_account(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(|c| !c.is_whitespace()).collect();
    let last: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("**** {last}")
}

fn required(fe: &mut FieldErrors, field: &str, v: &str, max: usize, key: &str) -> String {
    match fe.check(field, parse_text(field, v, max, key)) {
        Some(Some(t)) => t,
        Some(None) => {
            fe.add(field, "err.required");
            String::new()
        }
        None => String::new(),
    }
}

impl PayeeInput {
    pub fn parse(&self) -> Result<PayeeAccount, DomainError> {
        let mut fe = FieldErrors::new();
        let bank_name = required(
            &mut fe,
            "bank_name",
            &self.bank_name,
            100,
            "err.too_long_100",
        );
        let holder = required(&mut fe, "holder", &self.holder, 50, "err.too_long_50");
        let number = fe.check(
            "account_number",
            parse_account_number("account_number", &self.account_number),
        );
        fe.into_result()?;
        Ok(PayeeAccount {
            bank_name,
            holder,
            account_number: number.expect("checked"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_of(r: Result<String, DomainError>) -> String {
        match r {
            Err(DomainError::Invalid(fe)) => fe.0.get("n").cloned().unwrap_or_default(),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn an_account_number_is_12_to_30_digits_with_spaces_removed() {
        assert_eq!(
            parse_account_number("n", "6222 0212 3456 7890").unwrap(),
            "6222021234567890"
        );
        assert_eq!(
            parse_account_number("n", " 6222\u{3000}0212 3456 7890 123 ").unwrap(),
            "6222021234567890123"
        );
        assert_eq!(
            parse_account_number("n", &"1".repeat(12)).unwrap().len(),
            12
        );
        assert_eq!(
            parse_account_number("n", &"1".repeat(30)).unwrap().len(),
            30
        );
        for bad in [
            "1".repeat(11),
            "1".repeat(31),
            "6222-0212-3456-78".into(),
            "62220212345678９0".into(),
            "6222021234567x".into(),
        ] {
            assert_eq!(
                err_of(parse_account_number("n", &bad)),
                "err.payee_account_number",
                "{bad}"
            );
        }
        assert_eq!(err_of(parse_account_number("n", "   ")), "err.required");
    }

    #[test]
    fn the_mask_shows_the_last_four_digits_only() {
        assert_eq!(mask_account("6222021234567890"), "**** 7890");
        assert_eq!(mask_account("6222 0212 3456 7899"), "**** 7899");
        assert!(!mask_account("6222021234567890").contains("6222"));
        assert_eq!(mask_account("12"), "**** 12");
    }

    #[test]
    fn every_field_is_checked_at_once() {
        let bad = PayeeInput {
            bank_name: " ".into(),
            holder: "张".repeat(51),
            account_number: "123".into(),
        };
        let Err(DomainError::Invalid(fe)) = bad.parse() else {
            panic!("accepted");
        };
        assert_eq!(
            fe.0.get("bank_name").map(String::as_str),
            Some("err.required")
        );
        assert_eq!(
            fe.0.get("holder").map(String::as_str),
            Some("err.too_long_50")
        );
        assert_eq!(
            fe.0.get("account_number").map(String::as_str),
            Some("err.payee_account_number")
        );
        let ok = PayeeInput {
            bank_name: "中国农业银行鱼台支行".into(),
            holder: "张三".into(),
            account_number: "6228 4800 1234 5678 912".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.account_number, "6228480012345678912");
    }
}
