//! Money as people type it and as it is kept: whole fen (分), never floating point.

use crate::DomainError;

/// An amount of money in fen (分, 1 yuan = 100 fen). Parsed amounts are never negative;
/// differences (a net benefit) may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

/// Largest amount anyone types: 10^12 yuan.
pub const MAX_YUAN: i64 = 1_000_000_000_000;
const MAX_FEN: i128 = MAX_YUAN as i128 * 100;

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// An amount as people write it: `12.5`, `12.50元`, `￥12.5`, `1,234.56`, `1.5万`,
    /// `3万元`. Blank is none. Yuan take at most two decimals (fen); 万 (ten thousand yuan)
    /// at most six, so that the amount is still a whole number of fen.
    pub fn parse(field: &str, s: &str) -> Result<Option<Fen>, DomainError> {
        let bad = |k: &str| Err(DomainError::field(field, k));
        let mut t: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return Ok(None);
        }
        for prefix in ["￥", "¥", "RMB", "CNY"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.to_string();
            }
        }
        if let Some(rest) = t.strip_suffix('元') {
            t = rest.to_string();
        }
        let wan = match t.strip_suffix('万') {
            Some(rest) => {
                t = rest.to_string();
                true
            }
            None => false,
        };
        if t.starts_with('-') || t.starts_with('－') {
            return bad("err.act_money_negative");
        }
        let t = t.strip_prefix('+').unwrap_or(&t);
        let (int, frac) = match t.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (t, None),
        };
        let int = int.replace('，', ",");
        if int.is_empty() && frac.is_none_or(str::is_empty) {
            return bad("err.act_money_format");
        }
        // Thousands separators, when used, group by three.
        if int.contains(',') {
            let groups: Vec<&str> = int.split(',').collect();
            let ok = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if !ok {
                return bad("err.act_money_format");
            }
        }
        let digits: String = int.chars().filter(|c| *c != ',').collect();
        let frac = frac.unwrap_or("");
        if !digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return bad("err.act_money_format");
        }
        let places = if wan { 6 } else { 2 };
        if frac.len() > places {
            return bad("err.act_money_decimals");
        }
        // Whole part: anything longer than 15 digits is over the limit anyway.
        let digits = digits.trim_start_matches('0');
        if digits.len() > 15 {
            return bad("err.act_money_too_large");
        }
        let whole: i128 = if digits.is_empty() {
            0
        } else {
            digits
                .parse()
                .map_err(|_| DomainError::field(field, "err.act_money_format"))?
        };
        let mut frac_units: i128 = 0;
        for (i, b) in frac.bytes().enumerate() {
            frac_units += i128::from(b - b'0') * 10i128.pow((places - 1 - i) as u32);
        }
        // In fen: yuan × 100 + fen, or 万 × 10^6 + millionths of 万.
        let scale: i128 = if wan { 1_000_000 } else { 100 };
        let fen = whole * scale + frac_units;
        if fen > MAX_FEN {
            return bad("err.act_money_too_large");
        }
        Ok(Some(Fen(fen as i64)))
    }

    /// A required amount: blank is `err.required`.
    pub fn required(field: &str, s: &str) -> Result<Fen, DomainError> {
        Fen::parse(field, s)?.ok_or_else(|| DomainError::field(field, "err.required"))
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, o: Fen) -> Option<Fen> {
        self.0.checked_add(o.0).map(Fen)
    }

    pub fn checked_sub(self, o: Fen) -> Option<Fen> {
        self.0.checked_sub(o.0).map(Fen)
    }

    /// `12,345.60`: yuan with thousands separators and two decimals.
    pub fn yuan(self) -> String {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("{}{grouped}.{:02}", if neg { "-" } else { "" }, abs % 100)
    }

    /// `-12345.60`: yuan with two decimals and no separators, as a payout or bank sheet
    /// carries an amount.
    pub fn fixed(self) -> String {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// `12345.6`: plain yuan, the way a form shows an amount to edit (parses back exactly).
    pub fn plain(self) -> String {
        let abs = self.0.unsigned_abs();
        let mut s = format!(
            "{}{}.{:02}",
            if self.0 < 0 { "-" } else { "" },
            abs / 100,
            abs % 100
        );
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        s
    }

    /// `1.23万`: ten thousands of yuan, rounded half up to two decimals, trailing zeros
    /// dropped (`3万`, `1.5万`).
    pub fn wan(self) -> String {
        let neg = self.0 < 0;
        let abs = u128::from(self.0.unsigned_abs());
        // Hundredths of 万 are 10 000 fen each.
        let hundredths = (abs + 5_000) / 10_000;
        let mut s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        let sign = if neg && hundredths > 0 { "-" } else { "" };
        format!("{sign}{s}万")
    }
}
