//! `base64-simd`'s unpadded URL-safe decoder, the core's decoder for public segments, against
//! `data-encoding`'s, the strict decoder it replaced: both must refuse the same non-canonical
//! forms and decode every canonical encoding alike, on the scalar tail and on the SIMD blocks.

#![expect(clippy::unwrap_used, reason = "tests")]

fn simd(src: &[u8]) -> Result<Vec<u8>, ()> {
    let mut out = vec![0u8; src.len()];
    base64_simd::URL_SAFE_NO_PAD
        .decode(src, base64_simd::Out::from_slice(&mut out))
        .map(|d| d.to_vec())
        .map_err(|_| ())
}

fn reference(src: &[u8]) -> Result<Vec<u8>, ()> {
    let spec = &data_encoding::BASE64URL_NOPAD;
    let len = spec.decode_len(src.len()).map_err(|_| ())?;
    let mut out = vec![0u8; len];
    let len = spec.decode_mut(src, &mut out).map_err(|_| ())?;
    out.truncate(len);
    Ok(out)
}

/// A fixed-sequence generator (test input only).
struct Lcg(u64);

impl Lcg {
    fn byte(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0.to_be_bytes()[0]
    }
}

fn encode(data: &[u8]) -> String {
    let mut out = vec![0u8; data_encoding::BASE64URL_NOPAD.encode_len(data.len())];
    data_encoding::BASE64URL_NOPAD.encode_mut(data, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn refuses_what_data_encoding_refuses() {
    let bad: [&[u8]; 14] = [
        b"QQ==",
        b"QQ=",
        b"QUJD====",
        b"Q Q",
        b"QQ\n",
        b"QUJD\r\n",
        b"QR",
        b"QUF",
        b"Q",
        b"QUJDR",
        b"QQ+/",
        b"QQ/A",
        b"Q\x00Q",
        b"QUJD\xc3\xa9",
    ];
    for input in bad {
        assert_eq!(reference(input), Err(()), "{input:?}");
        assert_eq!(simd(input), Err(()), "{input:?}");
    }
}

#[test]
fn decodes_canonical_text_alike() {
    let mut rng = Lcg(1);
    let mut sizes: Vec<usize> = (0..200).collect();
    sizes.extend([1000, 4096, 65_536, 65_537, 65_538, 100_000]);
    for n in sizes {
        let data: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
        let text = encode(&data);
        assert_eq!(simd(text.as_bytes()).unwrap(), data, "length {n}");
    }
}

/// Every byte value at every position of texts long enough for the SIMD blocks (32 characters a
/// block), one substitution at a time, and every non-canonical last character: the two decoders
/// agree on acceptance and on the bytes.
#[test]
fn agrees_on_every_substitution() {
    let mut rng = Lcg(2);
    for n in [1usize, 2, 3, 30, 31, 32, 33, 34, 35, 60, 61, 62] {
        let data: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
        let text = encode(&data).into_bytes();
        for at in 0..text.len() {
            for b in 0..=255u8 {
                let mut t = text.clone();
                t[at] = b;
                assert_eq!(simd(&t), reference(&t), "length {n}, byte {b:#04x} at {at}");
            }
        }
        // Truncated and extended by one character.
        for cut in 0..=text.len() {
            assert_eq!(simd(&text[..cut]), reference(&text[..cut]), "cut {cut}");
        }
        let mut longer = text.clone();
        longer.push(b'A');
        assert_eq!(simd(&longer), reference(&longer));
    }
}
