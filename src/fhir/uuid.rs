//! Deterministic `urn:uuid:`s: the same content gives the same id, so the same answers give
//! the same bytes. A UUID of version 8 (RFC 9562, "custom") whose other 122 bits are the
//! 128-bit FNV-1a hash of a name: the result's seed (what it is derived from) and the
//! resource's place in it (`QuestionnaireResponse`, `Observation/score/phq9_total`, …).
//! Not a secret and not random: two results with the same seed are the same result.

/// FNV-1a, 128 bits.
fn fnv1a(parts: &[&[u8]]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for part in parts {
        for &byte in *part {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(PRIME);
    }
    hash
}

/// The UUID (lowercase, hyphenated) for `name` within `seed`.
pub fn uuid(seed: &str, name: &str) -> String {
    let mut bits = fnv1a(&[seed.as_bytes(), name.as_bytes()]);
    // Version 8 in bits 48–51, the RFC 9562 variant (10) in bits 64–65.
    bits = (bits & !(0xf << 76)) | (0x8 << 76);
    bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `urn:uuid:` and [`uuid`]: a `fullUrl` in a Bundle.
pub fn urn(seed: &str, name: &str) -> String {
    format!("urn:uuid:{}", uuid(seed, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_same_uuid_and_a_valid_version_8() {
        let a = uuid("seed", "QuestionnaireResponse");
        assert_eq!(a, uuid("seed", "QuestionnaireResponse"));
        assert_ne!(a, uuid("seed", "RiskAssessment"));
        assert_ne!(uuid("ab", "c"), uuid("a", "bc"));
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('8'), "{a}");
        assert!("89ab".contains(&groups[3][..1]), "{a}");
        assert!(
            a.chars()
                .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn a_known_value_stays_the_same() {
        // Pinned: a change here changes every fullUrl the export writes.
        assert_eq!(uuid("x", "y"), "69b486b8-e075-8277-b806-e98bb5933e0c");
        assert_eq!(urn("x", "y"), format!("urn:uuid:{}", uuid("x", "y")));
    }
}
