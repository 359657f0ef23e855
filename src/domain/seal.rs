//! The seal of a signed agreement: SHA-256 of the signed text and of the signed facts, taken when
//! the contract is signed. It travels in `dossier.json` and in the annotated `signed` tag, and
//! `verify` recomputes it to prove that nothing changed since — or says what did.
//!
//! "The signed facts" are what the parties put their names to: the enterprise, the kind, the
//! representatives, the agreed terms, the congress vote and the signing itself. Later records
//! (filing, review, publication) legitimately change `dossier.json` without touching them.
//! Pure: no I/O. JSON maps are ordered by key (serde_json without `preserve_order`), so the facts'
//! bytes, and so their hash, do not depend on how the file was formatted.

use super::dossier::Dossier;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The fingerprint of a signed agreement.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Seal {
    /// SHA-256 of `contract.md` as signed, lowercase hex (empty text when there was no draft).
    pub text_sha256: String,
    /// SHA-256 of the signed facts (see the module comment), lowercase hex.
    pub facts_sha256: String,
}

/// The trailer that carries a seal in the annotated tag's message.
pub const SEAL_TRAILER: &str = "Xieshang-Seal";

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The bytes of the signed facts of `d`.
pub fn facts(d: &Dossier) -> Vec<u8> {
    let v = serde_json::json!({
        "id": d.id,
        "kind": d.kind,
        "enterprise": d.enterprise,
        "representatives": d.representatives,
        "terms": d.terms,
        "congress": d.congress,
        "signing": d.signing,
    });
    serde_json::to_vec(&v).unwrap_or_default()
}

/// SHA-256 of the signed facts of `d` (what `Seal::of` records as `facts_sha256`).
pub fn facts_sha256(d: &Dossier) -> String {
    sha256(&facts(d))
}

impl Seal {
    /// The seal of `d` signed with the draft `text`.
    pub fn of(d: &Dossier, text: Option<&str>) -> Seal {
        Seal {
            text_sha256: sha256(text.unwrap_or_default().as_bytes()),
            facts_sha256: facts_sha256(d),
        }
    }

    /// The annotated tag's message: a readable line and the seal as a trailer.
    pub fn tag_message(&self, what: &str) -> String {
        format!(
            "{what}\n\n{SEAL_TRAILER}: text={} facts={}\n",
            self.text_sha256, self.facts_sha256
        )
    }

    /// The seal a tag message carries, if any.
    pub fn from_tag_message(message: &str) -> Option<Seal> {
        let prefix = format!("{SEAL_TRAILER}: ");
        let line = message.lines().find_map(|l| l.strip_prefix(&prefix))?;
        let mut text = None;
        let mut facts = None;
        for part in line.split_whitespace() {
            match part.split_once('=') {
                Some(("text", v)) => text = Some(v.to_string()),
                Some(("facts", v)) => facts = Some(v.to_string()),
                _ => {}
            }
        }
        Some(Seal {
            text_sha256: text?,
            facts_sha256: facts?,
        })
    }
}

/// The seal an exported paper's text carries (its footer: the text's SHA-256, then the facts'):
/// the first two runs of exactly 64 hexadecimal digits, in that order.
pub fn seal_in_text(text: &str) -> Option<Seal> {
    let mut runs = text
        .split(|c: char| !c.is_ascii_hexdigit())
        .filter(|r| r.len() == 64)
        .map(str::to_ascii_lowercase);
    Some(Seal {
        text_sha256: runs.next()?,
        facts_sha256: runs.next()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footer_gives_its_seal() {
        let a = "a".repeat(64);
        let b = "0123456789abcdef".repeat(4);
        let footer =
            format!("合同文本校验值（SHA-256）：{a}\n签订事实校验值（SHA-256）：{b}\n— 1 —");
        assert_eq!(
            seal_in_text(&footer),
            Some(Seal {
                text_sha256: a.clone(),
                facts_sha256: b,
            })
        );
        // One hash, or runs of another length, carry no seal.
        assert_eq!(seal_in_text(&format!("{a} 12345")), None);
        assert_eq!(seal_in_text(&format!("{a}0 {a}")), None);
    }

    #[test]
    fn sha256_of_known_input() {
        // FIPS 180-2 test vector.
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn tag_messages_carry_the_seal() {
        let s = Seal {
            text_sha256: "aa".into(),
            facts_sha256: "bb".into(),
        };
        let m = s.tag_message("signed on 2026-05-22");
        assert_eq!(
            m,
            "signed on 2026-05-22\n\nXieshang-Seal: text=aa facts=bb\n"
        );
        assert_eq!(Seal::from_tag_message(&m), Some(s));
        assert_eq!(Seal::from_tag_message("signed"), None);
    }
}
