"""Verify SD-JWT presentations made by another implementation with the Python
reference verifier (`sd-jwt` 0.10.4, OpenWallet Foundation / IETF).

Usage:
    /tmp/sdjwt-venv/bin/pip install sd-jwt==0.10.4      # once
    /tmp/sdjwt-venv/bin/python verify_python.py CASES.json

CASES.json is a list of
    {"name": ..., "presentation": "<jwt>~<disclosure>~...~[<kb-jwt>]",
     "issuer_jwk": {...public EC/OKP/RSA JWK...},
     "expected_claims": {...processed payload...},
     "kb": {"nonce": ..., "aud": ...} or null}
(python.json from gen_python.py is accepted too: its cases are converted with
expected_claims = processed.)

For each case: the issuer-signed JWT is verified with issuer_jwk (returned by the
issuer-key callback); when kb is given the KB-JWT must be present and is checked
by the library (signature with cnf.jwk, typ kb+jwt, nonce, aud, sd_hash); the
processed claims must equal expected_claims. Prints `ok NAME` or
`FAIL NAME: reason` per case and exits 1 if any case failed.
Note the library itself does not check exp/nbf/iat, the KB-JWT iat, or
Disclosures that no digest references.
"""
import json
import sys

from jwcrypto.jwk import JWK
from sd_jwt.verifier import SDJWTVerifier


def load_cases(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict) and "cases" in data:  # python.json layout
        return [
            {"name": c["name"], "presentation": c["presentation"], "issuer_jwk": c["issuer_jwk"],
             "expected_claims": c["processed"],
             "kb": {"nonce": c["kb"]["nonce"], "aud": c["kb"]["aud"]} if c.get("kb") else None}
            for c in data["cases"]
        ]
    return data


def verify(case):
    key = JWK.from_json(json.dumps(case["issuer_jwk"]))
    kb = case.get("kb")
    if kb and case["presentation"].endswith("~"):
        raise ValueError("key binding expected but the presentation has no KB-JWT")
    verifier = SDJWTVerifier(
        case["presentation"],
        lambda iss, header: key,
        expected_aud=kb["aud"] if kb else None,
        expected_nonce=kb["nonce"] if kb else None,
    )
    claims = verifier.get_verified_payload()
    if claims != case["expected_claims"]:
        raise ValueError(f"claims differ: got {json.dumps(claims, sort_keys=True, ensure_ascii=False)}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    failed = 0
    for case in load_cases(sys.argv[1]):
        try:
            verify(case)
            print(f"ok {case['name']}")
        except Exception as e:  # any library error is a failed case
            failed += 1
            print(f"FAIL {case['name']}: {type(e).__name__}: {e}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
