"""`python -m generator.encrypt SITE_DIR`: exit 1 unless SITE_DIR holds only an encrypted site.

The publishing workflow (.github/workflows/pages.yml) runs it before upload.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.encrypt.encrypted_site import EncryptionError
from generator.encrypt.hosting import verify_encrypted_site


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m generator.encrypt SITE_DIR", file=sys.stderr)
        return 2
    try:
        verify_encrypted_site(Path(argv[0]))
    except EncryptionError as error:
        print(f"error: {error}; refusing to publish it", file=sys.stderr)
        return 1
    print(f"{argv[0]}: only the encrypted site's files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
