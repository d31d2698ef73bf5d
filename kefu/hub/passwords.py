"""Passwords of hub accounts: scrypt hashes, constant-time checks, printable initial passwords."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

#: scrypt cost (n = 2**14, r = 8, p = 1: 16 MiB and ~50 ms per check), stored with each hash
#: so the cost can rise later without invalidating old hashes.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024
#: Characters of an initial password: no 0/O, 1/l/I, which a printed sheet confuses.
ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
INITIAL_LENGTH = 10
MIN_LENGTH = 8
MAX_LENGTH = 128


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (salt and hash in base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, maxmem=_MAXMEM, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (a :func:`hash_password` result), in constant time.

    A malformed ``stored`` never matches (and still costs one scrypt, like a real check).
    """
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            raise ValueError(kind)
        n, r, p = int(n), int(r), int(p)
        salt_raw, expected = base64.b64decode(salt), base64.b64decode(digest)
    except (ValueError, TypeError):
        n, r, p, salt_raw, expected = SCRYPT_N, SCRYPT_R, SCRYPT_P, b"\0" * 16, b""
    if len(password) > MAX_LENGTH:
        password = password[:MAX_LENGTH]  # costs the same; a longer one never matches anyway
    try:
        got = hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=salt_raw, n=n, r=r,
                             p=p, maxmem=_MAXMEM, dklen=len(expected) or 32)
    except (ValueError, MemoryError):
        return False
    return bool(expected) and hmac.compare_digest(got, expected)


def dummy_check(password: str) -> None:
    """Spend one scrypt, as a real check would (for unknown or locked names: no timing hint)."""
    verify_password(password, _DUMMY)


_DUMMY = "scrypt${}${}${}${}${}".format(SCRYPT_N, SCRYPT_R, SCRYPT_P, _b64(b"kefu-dummy-salt!"),
                                        _b64(b"\0" * 32))


def initial_password() -> str:
    """A random initial password for a printed sheet (10 characters, ~58 bits)."""
    while True:
        word = "".join(secrets.choice(ALPHABET) for _ in range(INITIAL_LENGTH))
        # at least one digit and one letter: some schools' rules ask for both
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return word


def new_password_problem(password: str, again: str, username: str, old: str | None = None,
                         old_label: str = "初始密码") -> str | None:
    """The Chinese reason a chosen password is refused, or ``None`` when it is fine.

    The same rules hold for the forced change at first login and for a change at any time
    (``old_label`` names the password being replaced: 初始密码 or 当前密码).
    """
    if password != again:
        return "两次输入的新密码不一样。"
    if len(password) < MIN_LENGTH:
        return f"新密码至少要 {MIN_LENGTH} 个字符。"
    if len(password) > MAX_LENGTH:
        return f"新密码最多 {MAX_LENGTH} 个字符。"
    if password.strip() != password or any(ord(c) < 32 or ord(c) == 127 for c in password):
        return "新密码不能以空格开头或结尾，也不能含控制字符。"
    if old is not None and password == old:
        return f"新密码不能和{old_label}相同。"
    if username and username.lower() in password.lower():
        return "新密码不能包含你的学号或用户名。"
    if len(set(password)) < 4:
        return "新密码太简单了（重复的字符太多）。"
    return None
