"""Pickup codes: what the resident shows at the counter, and how a shop checks it.

A code is 8 characters of Crockford's base 32 (40 bits), shown as ``K7Q4-9MXT``. It is never
stored: each part keeps a random seed (``code_nonce``, from ``secrets``), the code is derived from
it with a key only the server has (HMAC-SHA256 over SECRET_KEY), and a second keyed hash of the
code (``code_digest``, unique) finds the part when the code is typed at a counter. A copy of the
database alone therefore reveals no code, while the resident's order page can still show it.
Redemption checks that the part belongs to the shop at whose counter the code is entered.
Typing is forgiving: case, spaces, dashes and the look-alikes I/L (1) and O (0) are normalised.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
CODE_LENGTH = 8  # 8 × 5 bits = 40 bits
_LOOK_ALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"forst.fulfilment.{purpose}:{settings.SECRET_KEY}".encode()).digest()


def code_nonce_new() -> str:
    return secrets.token_hex(16)


def code_from_nonce(nonce: str) -> str:
    """The part's code (normalised, no dash), derived from its seed with the server key."""
    number = int.from_bytes(
        hmac.new(_key("code"), nonce.encode(), hashlib.sha256).digest()[:5], "big"
    )
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(reversed(chars))


def code_display(code: str) -> str:
    """``K7Q49MXT`` -> ``K7Q4-9MXT`` (easier to read out and type)."""
    return f"{code[:4]}-{code[4:]}"


def code_normalise(text: str) -> str | None:
    """The code as derived, or None when the text cannot be a code at all."""
    cleaned = "".join(char for char in (text or "").upper() if char.isalnum())
    cleaned = cleaned.translate(_LOOK_ALIKES)
    if len(cleaned) != CODE_LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def code_digest(code: str) -> str:
    """The keyed hash stored to find a part by its (normalised) code."""
    return hmac.new(_key("lookup"), code.encode(), hashlib.sha256).hexdigest()
