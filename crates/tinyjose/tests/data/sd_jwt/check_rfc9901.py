"""Re-verify the RFC 9901 example transcription in rfc9901.json.

Usage:  python3 check_rfc9901.py [rfc9901.json]
Needs:  pip install cryptography   (optional: sd-jwt==0.10.4 for the cross-check
        with the reference verifier; skipped when not installed)

For every example it recomputes each disclosure digest (base64url(SHA-256(ASCII
disclosure)), no padding), checks the decoded disclosure against salt/name/value,
verifies the issuer-signed JWT (ES256, issuer_jwk), the KB-JWT (ES256, holder
key from cnf.jwk), the KB-JWT typ and sd_hash, re-derives the processed payload
with an independent implementation of RFC 9901 section 7.1 and compares it with
the RFC's printed one. It prints the result of each check and exits non-zero if
any check fails or differs from the "checked" object stored in the file.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def digest(s):
    return b64e(hashlib.sha256(s.encode("ascii")).digest())


def es256_verify(jws, jwk):
    h, p, s = jws.split(".")
    sig = b64d(s)
    if len(sig) != 64:
        return False
    pub = ec.EllipticCurvePublicNumbers(
        int.from_bytes(b64d(jwk["x"]), "big"), int.from_bytes(b64d(jwk["y"]), "big"), ec.SECP256R1()
    ).public_key()
    der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    try:
        pub.verify(der, f"{h}.{p}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def private_matches_public(jwk):
    d = int.from_bytes(b64d(jwk["d"]), "big")
    pub = ec.derive_private_key(d, ec.SECP256R1()).public_key().public_numbers()
    return b64e(pub.x.to_bytes(32, "big")) == jwk["x"] and b64e(pub.y.to_bytes(32, "big")) == jwk["y"]


def jwt_json(jws, i):
    return json.loads(b64d(jws.split(".")[i]))


def process(payload, disclosures):
    """Independent implementation of RFC 9901 section 7.1, steps 3 to 5."""
    by_digest = {}
    for d in disclosures:
        h = digest(d)
        if h in by_digest:
            raise ValueError("disclosure given twice")
        by_digest[h] = json.loads(b64d(d))
    seen, used = set(), set()

    def is_array_digest(e):
        return isinstance(e, dict) and len(e) == 1 and isinstance(e.get("..."), str)

    def walk(node):
        if isinstance(node, list):
            out = []
            for e in node:
                if is_array_digest(e):
                    h = e["..."]
                    if h in seen:
                        raise ValueError("digest repeated: " + h)
                    seen.add(h)
                    if h in by_digest:
                        dec = by_digest[h]
                        if len(dec) != 2:
                            raise ValueError("array disclosure must have 2 elements")
                        used.add(h)
                        out.append(walk(dec[1]))
                else:
                    out.append(walk(e))
            return out
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items() if k != "_sd"}
            for h in node.get("_sd", []):
                if not isinstance(h, str):
                    raise ValueError("_sd must hold strings")
                if h in seen:
                    raise ValueError("digest repeated: " + h)
                seen.add(h)
                if h in by_digest:
                    dec = by_digest[h]
                    if len(dec) != 3:
                        raise ValueError("object disclosure must have 3 elements")
                    name = dec[1]
                    if name in ("_sd", "...") or name in out:
                        raise ValueError("bad or duplicate claim name: " + repr(name))
                    used.add(h)
                    out[name] = walk(dec[2])
            return out
        return node

    out = walk(payload)
    out.pop("_sd_alg", None)
    if set(by_digest) - used:
        raise ValueError("disclosure not referenced by any digest")
    return out


def python_sd_jwt_verify(ex, presentation, kb):
    try:
        from jwcrypto.jwk import JWK
        from sd_jwt.verifier import SDJWTVerifier
    except ImportError:
        return None
    key = JWK.from_json(json.dumps(ex["issuer_jwk"]))
    v = SDJWTVerifier(
        presentation,
        lambda iss, header: key,
        expected_aud=kb["aud"] if kb else None,
        expected_nonce=kb["nonce"] if kb else None,
    )
    return v.get_verified_payload()


def check_example(ex):
    c = {}
    ok_d, ok_c = True, True
    for d in ex.get("disclosures", []):
        if d.get("disclosure") is None:
            continue
        ok_d &= digest(d["disclosure"]) == d["digest"]
        dec = json.loads(b64d(d["disclosure"]))
        want = [d["salt"], d["name"], d["value"]] if "name" in d else [d["salt"], d["value"]]
        ok_c &= dec == want
    if ex.get("disclosures"):
        c["disclosure_digests_match_rfc"] = ok_d
        c["disclosure_contents_match_rfc"] = ok_c
    for key in ("issuer_jwk", "holder_jwk"):
        priv = ex.get(key.replace("_jwk", "_private_jwk"))
        if priv:
            c[key.replace("_jwk", "_private_key_matches")] = private_matches_public(priv) and all(
                priv[k] == ex[key][k] for k in ("x", "y")
            )
    tokens = [t for t in (ex.get("sd_jwt"), ex.get("presentation")) if t]
    if tokens:
        jwt = tokens[0].split("~")[0]
        c["issuer_signature_es256"] = all(es256_verify(t.split("~")[0], ex["issuer_jwk"]) for t in tokens)
        c["issuer_jwt_payload_matches_rfc"] = jwt_json(jwt, 1) == ex["payload"]
        c["sd_jwt_and_presentation_share_issuer_jwt"] = len({t.split("~")[0] for t in tokens}) == 1
        listed = {d["disclosure"] for d in ex.get("disclosures", []) if d.get("disclosure")}
        c["all_parts_are_listed_disclosures"] = all(
            p in listed for t in tokens for p in t.split("~")[1:-1]
        )
    if ex.get("sd_jwt"):
        c["sd_jwt_ends_with_tilde"] = ex["sd_jwt"].endswith("~")
        c["sd_jwt_processes_without_error"] = bool(process(ex["payload"], ex["sd_jwt"].split("~")[1:-1]))
    pres = ex.get("presentation")
    if pres:
        parts = pres.split("~")
        kbjwt = parts[-1]
        if kbjwt:
            holder = ex["payload"]["cnf"]["jwk"]
            c["kb_jwt_signature_es256"] = es256_verify(kbjwt, holder)
            c["kb_jwt_typ_is_kb+jwt"] = jwt_json(kbjwt, 0).get("typ") == "kb+jwt"
            kbp = jwt_json(kbjwt, 1)
            c["kb_sd_hash_matches"] = kbp["sd_hash"] == digest(pres[: pres.rindex("~") + 1])
            c["kb_params_match"] = all(kbp[k] == ex["kb"][k] for k in ("nonce", "aud", "iat"))
        processed = process(ex["payload"], parts[1:-1])
        if "processed" in ex:
            c["processed_matches_rfc"] = processed == ex["processed"]
        py = python_sd_jwt_verify(ex, pres, ex.get("kb") if kbjwt else None)
        if py is not None:
            c["python_sd_jwt_0.10.4_verifier_output_matches"] = py == (ex.get("processed") or processed)
    if "array_example" in ex:
        a = ex["array_example"]
        c["array_processed_without_disclosure"] = process(a["payload"], []) == a["processed_without_disclosure"]
        c["array_processed_with_disclosure"] = process(a["payload"], [ex["disclosures"][0]["disclosure"]]) == a["processed_with_disclosure"]
    for v in ex.get("disclosure_variants", []):
        c.setdefault("variants_decode_to_same_array", True)
        c["variants_decode_to_same_array"] &= json.loads(b64d(v["disclosure"])) == json.loads(
            b64d(ex["disclosures"][0]["disclosure"])
        )
    if "json_serialization" in ex:
        js = ex["json_serialization"]
        for k, obj in js.items():
            sigs = obj["signatures"] if "signatures" in obj else [obj]
            payload = obj["payload"]
            hdr = sigs[0]["header"]
            compact = f'{sigs[0]["protected"]}.{payload}.{sigs[0]["signature"]}'
            c[f"{k}_first_signature_es256"] = es256_verify(compact, ex["issuer_jwk"])
            c[f"{k}_digests_in_payload"] = all(
                digest(d) in json.dumps(json.loads(b64d(payload))) for d in hdr["disclosures"]
            )
            if "kb_jwt" in hdr:
                sdj = compact + "~" + "".join(d + "~" for d in hdr["disclosures"])
                c[f"{k}_kb_jwt_signature_es256"] = es256_verify(hdr["kb_jwt"], ex["holder_jwk"])
                c[f"{k}_kb_sd_hash_matches"] = jwt_json(hdr["kb_jwt"], 1)["sd_hash"] == digest(sdj)
    return c


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else __file__.rsplit("/", 1)[0] + "/rfc9901.json"
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    bad = 0
    for ex in data["examples"]:
        got = check_example(ex)
        for k, v in got.items():
            stored = ex.get("checked", {}).get(k)
            flag = "ok  " if v and stored == v else "FAIL"
            bad += flag == "FAIL"
            print(f"{flag} {ex['name']}: {k}={v}")
    print(f"{'FAILED' if bad else 'all checks passed'} ({bad} failing)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
