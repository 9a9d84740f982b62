//! Evidence photos as bytes: what an upload really is (JPEG, PNG or WebP, by content, never by
//! name), and a copy with the metadata that may give away a household's location (EXIF GPS,
//! XMP, comments) removed, for anything that may be published.

/// The image formats an evidence photo may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    WebP,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::WebP => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::WebP => "webp",
        }
    }
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The format of `bytes` by their signature, or `None` when they are not an accepted image.
pub fn image_kind(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.len() >= 4 && bytes[..3] == [0xFF, 0xD8, 0xFF] {
        Some(ImageKind::Jpeg)
    } else if bytes.len() >= 16 && bytes[..8] == PNG_SIGNATURE {
        Some(ImageKind::Png)
    } else if bytes.len() >= 16 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::WebP)
    } else {
        None
    }
}

/// Why metadata could not be removed (the file is then refused, never published as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed;

/// A copy of `bytes` without location-bearing metadata: JPEG APP1 (EXIF, XMP), APP13 (IPTC) and
/// comments; PNG `eXIf`, `tEXt`, `zTXt` and `iTXt` chunks; WebP `EXIF` and `XMP ` chunks.
pub fn without_metadata(kind: ImageKind, bytes: &[u8]) -> Result<Vec<u8>, Malformed> {
    match kind {
        ImageKind::Jpeg => jpeg_without_metadata(bytes),
        ImageKind::Png => png_without_metadata(bytes),
        ImageKind::WebP => webp_without_metadata(bytes),
    }
}

fn jpeg_without_metadata(bytes: &[u8]) -> Result<Vec<u8>, Malformed> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        if at + 4 > bytes.len() || bytes[at] != 0xFF {
            return Err(Malformed);
        }
        let marker = bytes[at + 1];
        // Fill bytes before a marker.
        if marker == 0xFF {
            at += 1;
            continue;
        }
        // Start of scan: the image data follows to the end, copied as it is.
        if marker == 0xDA {
            out.extend_from_slice(&bytes[at..]);
            return Ok(out);
        }
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        if len < 2 || at + 2 + len > bytes.len() {
            return Err(Malformed);
        }
        let drop = matches!(marker, 0xE1 | 0xED | 0xFE);
        if !drop {
            out.extend_from_slice(&bytes[at..at + 2 + len]);
        }
        at += 2 + len;
    }
}

fn png_without_metadata(bytes: &[u8]) -> Result<Vec<u8>, Malformed> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&PNG_SIGNATURE);
    let mut at = 8;
    while at < bytes.len() {
        if at + 12 > bytes.len() {
            return Err(Malformed);
        }
        let len = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        let end = at.checked_add(12 + len).ok_or(Malformed)?;
        if end > bytes.len() {
            return Err(Malformed);
        }
        let kind = &bytes[at + 4..at + 8];
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt") {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            break;
        }
    }
    Ok(out)
}

fn webp_without_metadata(bytes: &[u8]) -> Result<Vec<u8>, Malformed> {
    let mut chunks = Vec::with_capacity(bytes.len());
    let mut at = 12;
    while at < bytes.len() {
        if at + 8 > bytes.len() {
            return Err(Malformed);
        }
        let len = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]) as usize;
        let padded = len + (len & 1);
        let end = at.checked_add(8 + padded).ok_or(Malformed)?.min(bytes.len());
        if at + 8 + len > bytes.len() {
            return Err(Malformed);
        }
        let kind = &bytes[at..at + 4];
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut chunk = bytes[at..end].to_vec();
                // Clear the "has EXIF" (0x08) and "has XMP" (0x04) flags.
                if chunk.len() > 8 {
                    chunk[8] &= !(0x08 | 0x04);
                }
                chunks.extend_from_slice(&chunk);
            }
            _ => chunks.extend_from_slice(&bytes[at..end]),
        }
        at = end;
    }
    let mut out = Vec::with_capacity(chunks.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&((chunks.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&chunks);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG skeleton: SOI, APP0, APP1 (EXIF with a GPS tag's bytes), COM, SOS and data, EOI.
    fn jpeg() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x06, b'J', b'F', b'I', b'F']);
        let exif = b"Exif\0\0GPS 15.1 104.3";
        b.extend_from_slice(&[0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
        b.extend_from_slice(exif);
        b.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x05, b'h', b'i', b'!']);
        b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0xAA, 0xBB, 0xFF, 0xD9]);
        b
    }

    fn png() -> Vec<u8> {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0, 0, 0, 0]);
            c
        };
        let mut b = PNG_SIGNATURE.to_vec();
        b.extend(chunk(b"IHDR", &[0; 13]));
        b.extend(chunk(b"eXIf", b"GPS 15.1 104.3"));
        b.extend(chunk(b"IDAT", &[1, 2, 3]));
        b.extend(chunk(b"IEND", &[]));
        b
    }

    fn webp() -> Vec<u8> {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = kind.to_vec();
            c.extend_from_slice(&(data.len() as u32).to_le_bytes());
            c.extend_from_slice(data);
            if data.len() % 2 == 1 {
                c.push(0);
            }
            c
        };
        let mut body = chunk(b"VP8X", &[0x08 | 0x04 | 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        body.extend(chunk(b"VP8 ", &[9, 9, 9]));
        body.extend(chunk(b"EXIF", b"GPS 15.1 104.3"));
        let mut b = b"RIFF".to_vec();
        b.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        b.extend_from_slice(b"WEBP");
        b.extend(body);
        b
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn images_are_known_by_their_bytes_not_their_names() {
        assert_eq!(image_kind(&jpeg()), Some(ImageKind::Jpeg));
        assert_eq!(image_kind(&png()), Some(ImageKind::Png));
        assert_eq!(image_kind(&webp()), Some(ImageKind::WebP));
        assert_eq!(image_kind(b"%PDF-1.7 not a photo"), None);
        assert_eq!(image_kind(b"<html><body>"), None);
        assert_eq!(image_kind(&[]), None);
        assert_eq!(ImageKind::WebP.content_type(), "image/webp");
    }

    #[test]
    fn a_jpeg_loses_its_exif_and_comments_and_keeps_its_picture() {
        let clean = without_metadata(ImageKind::Jpeg, &jpeg()).expect("clean");
        assert!(contains(&jpeg(), b"GPS") && !contains(&clean, b"GPS"));
        assert!(!contains(&clean, b"hi!"));
        assert!(contains(&clean, b"JFIF"));
        assert!(clean.ends_with(&[0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0xAA, 0xBB, 0xFF, 0xD9]));
        assert_eq!(image_kind(&clean), Some(ImageKind::Jpeg));
    }

    #[test]
    fn png_and_webp_lose_their_metadata_chunks() {
        let clean = without_metadata(ImageKind::Png, &png()).expect("clean");
        assert!(!contains(&clean, b"GPS") && contains(&clean, b"IDAT") && contains(&clean, b"IEND"));
        let clean = without_metadata(ImageKind::WebP, &webp()).expect("clean");
        assert!(!contains(&clean, b"GPS") && !contains(&clean, b"EXIF"));
        assert_eq!(u32::from_le_bytes([clean[4], clean[5], clean[6], clean[7]]) as usize, clean.len() - 8);
        assert_eq!(clean[20] & 0x0C, 0, "the VP8X flags no longer claim metadata");
        assert_eq!(clean[20] & 0x10, 0x10, "other flags kept");
    }

    #[test]
    fn cut_or_forged_files_are_refused_rather_than_published() {
        let j = jpeg();
        assert_eq!(without_metadata(ImageKind::Jpeg, &j[..12]), Err(Malformed));
        let p = png();
        assert_eq!(without_metadata(ImageKind::Png, &p[..30]), Err(Malformed));
        let w = webp();
        assert_eq!(without_metadata(ImageKind::WebP, &w[..25]), Err(Malformed));
    }
}
