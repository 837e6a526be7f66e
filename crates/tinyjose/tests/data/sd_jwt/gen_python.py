"""Generate SD-JWT interop fixtures (python.json) with the Python reference
implementation, the OpenWallet Foundation / IETF `sd-jwt` package, version 0.10.4.

How to run (from this directory; a virtualenv keeps the system Python clean):

    python3 -m venv /tmp/sdjwt-venv
    /tmp/sdjwt-venv/bin/pip install sd-jwt==0.10.4
    /tmp/sdjwt-venv/bin/python gen_python.py            # writes python.json here

Keys are fixed (below). Salts and decoys come from Python's `random` seeded per
case (the library's `unsafe_randomness` switch), and the KB-JWT `iat` is pinned
by replacing `sd_jwt.holder.time`, so a rerun gives the same disclosures and
payloads; only the ES256 signatures change (ECDSA is randomized).
Each case is checked before it is written: the library's SDJWTVerifier must
accept the presentation (issuer key, nonce/aud) and return EXPECTED exactly.
"""
import json
import logging
import os
import random
import sys
from importlib.metadata import version

import sd_jwt.holder
from jwcrypto.jwk import JWK
from sd_jwt.common import SDJWTCommon, SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier

ISSUER_JWK = {"kty": "EC", "crv": "P-256", "x": "MYrIVMqw4OJF4bJ_A2bFejsos45ciD0qGxnYRHunimY",
              "y": "mA_YtO0cqGaJwp0enOeyLlvHrOlyS4k7d0d1LxaD99Y", "d": "eZHNdG9LlNNIlkeivWeADy1t15Ixu-vspSKYyr9bnQ8"}
# x starts with a 0x00 byte: a check that implementations keep 32-byte coordinates.
HOLDER_JWK = {"kty": "EC", "crv": "P-256", "x": "AIQZTD5ygW1cPn9NqL3oSO9oBE3AR-Z-Rb4X1-C7mA8",
              "y": "keTRYKg_zaGrn-CwsBeilZGL_Sa03fQMwkgBKPnXl1g", "d": "jR10Q0GnURQLcP7qwFp4UVo-XdWeFAAIc9dKSIgG_NM"}
ISSUER = "https://issuer.example.com"
IAT = 1767225600        # 2026-01-01T00:00:00Z, issuer JWT iat
EXP = 4102444800        # 2100-01-01T00:00:00Z, issuer JWT exp
KB_IAT = 1767225660     # 2026-01-01T00:01:00Z, KB-JWT iat
NOW = 1767225720        # 2026-01-01T00:02:00Z, a `now` at which everything is valid
NONCE, AUD = "n-0S6_WzA2Mj", "https://verifier.example.org"
PUB = lambda jwk: {k: v for k, v in jwk.items() if k != "d"}
BASE = {"iss": ISSUER, "iat": IAT, "exp": EXP}
ADDRESS = {"street_address": "Schulstr. 12", "locality": "Schulpforta", "region": "Sachsen-Anhalt", "country": "DE"}


def sd_members(obj):
    return {SDObj(k): v for k, v in obj.items()}


# name: (user claims, holder key?, decoys?, header, what to disclose, KB?, expected verifier output)
CASES = {
    "flat": (
        {**BASE, "sub": "user_42", SDObj("given_name"): "Erika", SDObj("family_name"): "Müller",
         SDObj("email"): "erika@example.com", SDObj("birthdate"): "1963-08-12"},
        True, True, {}, {"given_name": True, "family_name": True}, True,
        {**BASE, "sub": "user_42", "given_name": "Erika", "family_name": "Müller"}),
    "structured": (
        {**BASE, "sub": "user_42", "address": sd_members(ADDRESS)},
        True, False, {}, {"address": {"locality": True, "country": True}}, True,
        {**BASE, "sub": "user_42", "address": {"locality": "Schulpforta", "country": "DE"}}),
    "recursive": (
        {**BASE, "sub": "user_42", SDObj("address"): sd_members(ADDRESS)},
        True, False, {}, {"address": {"region": True}}, True,
        {**BASE, "sub": "user_42", "address": {"region": "Sachsen-Anhalt"}}),
    "array": (
        {**BASE, "sub": "user_42", "nationalities": [SDObj("DE"), SDObj("FR"), SDObj("US")]},
        True, False, {}, {"nationalities": [False, True, False]}, True,
        {**BASE, "sub": "user_42", "nationalities": ["FR"]}),
    "sd_jwt_vc": (
        {"vct": "https://credentials.example.com/identity_credential", **BASE,
         SDObj("given_name"): "Erika", SDObj("family_name"): "Mustermann", SDObj("birthdate"): "1963-08-12",
         SDObj("age_equal_or_over"): {SDObj("18"): True, SDObj("21"): True, SDObj("65"): False}},
        True, True, {"typ": "dc+sd-jwt"}, {"given_name": True, "age_equal_or_over": {"18": True}}, True,
        {"vct": "https://credentials.example.com/identity_credential", **BASE,
         "given_name": "Erika", "age_equal_or_over": {"18": True}}),
    "no_key_binding": (
        {**BASE, "sub": "user_42", SDObj("given_name"): "太郎", "address": sd_members(ADDRESS),
         "nationalities": [SDObj("DE"), "JP"], SDObj("verified"): True, SDObj("age"): 62, SDObj("nickname"): None},
        False, True, {}, "all", False,
        {**BASE, "sub": "user_42", "given_name": "太郎", "address": ADDRESS, "nationalities": ["DE", "JP"],
         "verified": True, "age": 62, "nickname": None}),
}


def decode(part):
    return json.loads(SDJWTCommon._base64url_decode(part))


def run_case(seed, name, claims, with_holder, decoys, header, disclose, kb, expected):
    random.seed(seed)
    issuer = SDJWTIssuer(claims, JWK(**ISSUER_JWK), JWK(**HOLDER_JWK) if with_holder else None,
                         add_decoy_claims=decoys, extra_header_parameters=header)
    sd_jwt_issued = issuer.sd_jwt_issuance
    holder = SDJWTHolder(sd_jwt_issued)
    if disclose == "all":
        presentation = sd_jwt_issued  # all disclosures, no KB-JWT: identical to the issued SD-JWT
    else:
        holder.create_presentation(disclose, NONCE if kb else None, AUD if kb else None,
                                   JWK(**HOLDER_JWK) if kb else None)
        presentation = holder.sd_jwt_presentation
    key = JWK(**PUB(ISSUER_JWK))
    verifier = SDJWTVerifier(presentation, lambda iss, hdr: key,
                             expected_aud=AUD if kb else None, expected_nonce=NONCE if kb else None)
    processed = verifier.get_verified_payload()
    if with_holder:
        expected = {**expected, "cnf": {"jwk": PUB(HOLDER_JWK)}}
    if processed != expected:
        sys.exit(f"{name}: verifier returned {processed!r}, expected {expected!r}")
    all_claims = SDJWTVerifier(sd_jwt_issued, lambda iss, hdr: key).get_verified_payload()
    jwt = sd_jwt_issued.split("~")[0]
    disclosures = []
    for d in issuer.ii_disclosures:
        dec = json.loads(d.json)
        e = {"disclosure": d.b64, "digest": d.hash, "salt": dec[0]}
        if len(dec) == 3:
            e["name"] = dec[1]
        e["value"] = dec[-1]
        e["decoded_json"] = d.json
        disclosures.append(e)
    return {
        "name": name,
        "issuer_jwk": PUB(ISSUER_JWK),
        "holder_jwk": HOLDER_JWK if with_holder else None,
        "header": decode(jwt.split(".")[0]),
        "sd_jwt": sd_jwt_issued,
        "payload": decode(jwt.split(".")[1]),
        "disclosures": disclosures,
        "decoy_digests": issuer.decoy_digests,
        "claims_to_disclose": disclose,
        "presentation": presentation,
        "presented_disclosures": presentation.split("~")[1:-1],
        "kb": {"nonce": NONCE, "aud": AUD, "iat": KB_IAT} if kb else None,
        "kb_jwt_header": decode(presentation.split("~")[-1].split(".")[0]) if kb else None,
        "kb_jwt_payload": decode(presentation.split("~")[-1].split(".")[1]) if kb else None,
        "processed": processed,
        "processed_all_disclosures": all_claims,
    }


def main():
    SDJWTCommon.unsafe_randomness = True  # deterministic salts/decoys (test data only)
    logging.getLogger("sd_jwt").setLevel(logging.ERROR)  # silence its warning about exactly that
    sd_jwt.holder.time = lambda: KB_IAT   # pin the KB-JWT iat
    cases = [run_case(i, n, *c) for i, (n, c) in enumerate(CASES.items())]
    out = {
        "generator": "gen_python.py",
        "library": {"pypi": "sd-jwt", "version": version("sd-jwt"), "jwcrypto": version("jwcrypto")},
        "issuer_jwk": PUB(ISSUER_JWK), "issuer_private_jwk": ISSUER_JWK, "holder_jwk": HOLDER_JWK,
        "times": {"iat": IAT, "exp": EXP, "kb_iat": KB_IAT, "now": NOW},
        "formatting": {
            "disclosure": "base64url (no padding) of UTF-8 json.dumps([salt, name, value]) or [salt, value] with "
                          "Python defaults: ', ' and ': ' separators, ensure_ascii=True (non-ASCII as \\uXXXX)",
            "salt": "16 random bytes, base64url = 22 characters",
            "digest": "base64url(SHA-256(ASCII disclosure)); _sd arrays sorted; '...' array entries keep position",
            "decoys": "add_decoy_claims=True adds 2-5 decoy digests to every object's _sd (never to arrays): "
                      "base64url(SHA-256(ASCII of a random salt string))",
            "issuer_jwt": "header json.dumps({'alg': 'ES256', 'typ': 'example+sd-jwt'}) unless typ overridden; "
                          "payload json.dumps with spaces; '_sd_alg': 'sha-256' always; cnf.jwk = holder public JWK",
            "kb_jwt": "header {'alg': 'ES256', 'typ': 'kb+jwt'}; payload nonce, aud, iat, sd_hash in that order",
            "verifier_limits": "SDJWTVerifier 0.10.4 does not check exp/nbf/iat or KB-JWT iat, does not reject "
                               "unreferenced disclosures, and checks the KB-JWT only when both nonce and aud are given",
        },
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
