//! Uploaded files: which kinds are taken, how large, and what a stored name may look like.
//! The type is decided from the file's first bytes, not from what the browser claims, so a
//! renamed executable is refused and an image is served as the image it is.

use crate::DomainError;

/// Largest evidence file or photo: 20 MiB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// What a checked upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Webp,
    Gif,
    /// .docx, .xlsx, .pptx (zip containers; the extension says which).
    Office,
    Text,
}

impl FileKind {
    pub fn is_image(self) -> bool {
        matches!(
            self,
            FileKind::Png | FileKind::Jpeg | FileKind::Webp | FileKind::Gif
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedUpload {
    pub file_name: String,
    pub kind: FileKind,
    pub content_type: &'static str,
}

fn ext_of(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Keeps the last path component, drops control characters and quotes, at most 120 chars.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let s: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\''))
        .collect();
    let s = s.trim();
    let n = s.chars().count();
    if n <= 120 {
        return s.to_string();
    }
    // Keep the extension when cutting.
    let ext = ext_of(s);
    let keep: String = s.chars().take(120 - ext.len() - 1).collect();
    format!("{keep}.{ext}")
}

/// Checks an upload by `field`; `images_only` for photos.
pub fn check_upload(
    field: &str,
    name: &str,
    bytes: &[u8],
    images_only: bool,
) -> Result<CheckedUpload, DomainError> {
    let bad = |k: &str| Err(DomainError::field(field, k));
    if bytes.is_empty() {
        return bad("err.file_empty");
    }
    if bytes.len() > MAX_FILE_BYTES {
        return bad("err.file_too_large");
    }
    let file_name = clean_file_name(name);
    if file_name.is_empty() {
        return bad("err.file_name");
    }
    let ext = ext_of(&file_name);
    let (kind, content_type) = if bytes.starts_with(b"%PDF-") && ext == "pdf" {
        (FileKind::Pdf, "application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && ext == "png" {
        (FileKind::Png, "image/png")
    } else if bytes.starts_with(b"\xff\xd8\xff") && matches!(ext.as_str(), "jpg" | "jpeg") {
        (FileKind::Jpeg, "image/jpeg")
    } else if bytes.len() > 12
        && &bytes[..4] == b"RIFF"
        && &bytes[8..12] == b"WEBP"
        && ext == "webp"
    {
        (FileKind::Webp, "image/webp")
    } else if (bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) && ext == "gif" {
        (FileKind::Gif, "image/gif")
    } else if bytes.starts_with(b"PK\x03\x04") && matches!(ext.as_str(), "docx" | "xlsx" | "pptx") {
        let ct = match ext.as_str() {
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        };
        (FileKind::Office, ct)
    } else if ext == "txt" && std::str::from_utf8(bytes).is_ok() {
        (FileKind::Text, "text/plain; charset=utf-8")
    } else {
        return bad("err.file_type");
    };
    if images_only && !kind.is_image() {
        return bad("err.file_image_only");
    }
    Ok(CheckedUpload {
        file_name,
        kind,
        content_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes_and_must_agree_with_the_name() {
        let pdf = b"%PDF-1.4 rest";
        assert_eq!(
            check_upload("f", "证书.pdf", pdf, false).unwrap().kind,
            FileKind::Pdf
        );
        assert!(check_upload("f", "证书.png", pdf, false).is_err());
        let png = b"\x89PNG\r\n\x1a\n....";
        assert!(check_upload("f", "a.PNG", png, true)
            .unwrap()
            .kind
            .is_image());
        assert_eq!(
            check_upload("f", "a.pdf", pdf, true).unwrap_err(),
            DomainError::field("f", "err.file_image_only")
        );
        assert_eq!(
            check_upload("f", "run.exe", b"MZ\x90\x00", false).unwrap_err(),
            DomainError::field("f", "err.file_type")
        );
        assert_eq!(
            check_upload("f", "a.txt", b"", false).unwrap_err(),
            DomainError::field("f", "err.file_empty")
        );
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(
            check_upload("f", "a.txt", &big, false).unwrap_err(),
            DomainError::field("f", "err.file_too_large")
        );
    }

    #[test]
    fn names_lose_their_folders_and_quotes() {
        assert_eq!(clean_file_name("C:\\docs\\\"报告\".pdf"), "报告.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        let long = format!("{}.pdf", "名".repeat(200));
        let c = clean_file_name(&long);
        assert_eq!(c.chars().count(), 120);
        assert!(c.ends_with(".pdf"));
    }
}
