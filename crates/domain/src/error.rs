use std::collections::BTreeMap;

/// Field-level validation problems. Messages are translation keys (e.g. `err.required`),
/// so the web layer can say them in the user's language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &str, key: &str) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| key.to_string());
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Records the errors of a parse, if any (under the fields the parse named; a refusal
    /// under `field`), and returns the parsed value.
    pub fn check<T>(&mut self, field: &str, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(DomainError::Invalid(fe)) => {
                for (f, key) in fe.0 {
                    self.add(&f, &key);
                }
                None
            }
            Err(other) => {
                self.add(field, other.key());
                None
            }
        }
    }
    pub fn into_result(self) -> Result<(), DomainError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// A rule refused the operation; the string is a translation key naming the rule.
    #[error("refused by rule {0}")]
    Refused(&'static str),
}

impl DomainError {
    pub fn field(field: &str, key: &str) -> Self {
        let mut fe = FieldErrors::new();
        fe.add(field, key);
        DomainError::Invalid(fe)
    }
    pub fn key(&self) -> &'static str {
        match self {
            DomainError::Invalid(_) => "err.invalid",
            DomainError::Refused(k) => k,
        }
    }
}
