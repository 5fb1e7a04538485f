//! What a notification may carry, checked before it is stored: shared by every area that
//! notifies users (the storage kit's `notify`), so it is the kit's, not the notice area's.

use crate::DomainError;

/// The longest translation key a notification names as its kind.
pub const KIND_MAX: usize = 80;
/// The longest link a notification carries.
pub const LINK_MAX: usize = 300;
/// The most text arguments a notification carries, and the longest of each.
pub const ARGS_MAX: usize = 8;
pub const ARG_MAX: usize = 200;

/// A notification's kind is a translation key (`task.notice_issued`): letters, digits, `_`
/// and `.`, not empty; its link a path of this site (`/tasks/12`); its arguments named
/// pairs whose names are words. Other values are a bug of the calling area.
pub fn check_notice(kind: &str, link: &str, args: &[(&str, &str)]) -> Result<(), DomainError> {
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    };
    let bad = |what: &str| Err(DomainError::field(what, "err.invalid"));
    if !word(kind) || kind.len() > KIND_MAX {
        return bad("kind");
    }
    let local = link.starts_with('/') && !link.starts_with("//");
    if !local || link.len() > LINK_MAX || link.chars().any(char::is_whitespace) {
        return bad("link");
    }
    if args.len() > ARGS_MAX {
        return bad("arguments");
    }
    for (name, value) in args {
        if !word(name) || name.contains('.') || value.chars().count() > ARG_MAX {
            return bad("argument");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_names_a_key_a_local_link_and_word_named_arguments() {
        assert!(check_notice("task.notice_issued", "/tasks/3", &[("title", "巡查")]).is_ok());
        assert!(check_notice("", "/tasks/3", &[]).is_err());
        assert!(check_notice("task notice", "/tasks/3", &[]).is_err());
        assert!(check_notice("k", "https://evil.example/", &[]).is_err());
        assert!(check_notice("k", "//evil.example/", &[]).is_err());
        assert!(check_notice("k", "/a b", &[]).is_err());
        assert!(check_notice("k", "/a", &[("a.b", "x")]).is_err());
        let long = "长".repeat(ARG_MAX + 1);
        assert!(check_notice("k", "/a", &[("x", &long)]).is_err());
        let many: Vec<(&str, &str)> = (0..=ARGS_MAX).map(|_| ("x", "y")).collect();
        assert!(check_notice("k", "/a", &many).is_err());
    }
}
