"""The RS256 key pair: loaded from files, generated for development only.

The private key is the one source of truth. It is created atomically (the
first process to link its file wins), so services started together never end
up with two different pairs; the public key is always derived from it.
"""

import contextlib
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PRIVATE_KEY_NAME = "jwt_private.pem"
PUBLIC_KEY_NAME = "jwt_public.pem"


def generate_private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_pem_from_private(private_pem: bytes) -> bytes:
    private_key = serialization.load_pem_private_key(private_pem, password=None)
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    )


def _write_once(path: Path, content: bytes, mode: int) -> None:
    """Write ``path`` unless it exists; safe when several processes race."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(temp_name, mode)
        with contextlib.suppress(FileExistsError):  # another process won the race
            os.link(temp_name, path)
    finally:
        os.unlink(temp_name)


def ensure_dev_key_pair(key_dir: Path) -> tuple[Path, Path]:
    """Create ``jwt_private.pem`` and ``jwt_public.pem`` in ``key_dir`` if missing."""
    private_path = key_dir / PRIVATE_KEY_NAME
    public_path = key_dir / PUBLIC_KEY_NAME
    if not private_path.exists():
        _write_once(private_path, generate_private_key_pem(), 0o600)
    if not public_path.exists():
        _write_once(public_path, public_key_pem_from_private(private_path.read_bytes()), 0o644)
    return private_path, public_path


if __name__ == "__main__":  # python -m tts_common.keys DIR
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/keys")
    for written in ensure_dev_key_pair(target):
        print(written)
