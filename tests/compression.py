"""Compressed data that inflates to far more than it is (a "bomb"), made quickly."""

from __future__ import annotations

import zlib


def deflated(head: bytes, pad: bytes, copies: int, tail: bytes = b"",
             wrapper: str = "zlib") -> bytes:
    """`head + pad * copies + tail` deflated at level 9, in the zlib or gzip format: a valid
    stream with the right checksum and length, made in the time of one `pad` and a checksum
    pass. A full flush makes the compressor forget what came before, so every copy of `pad`
    deflates to the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: header and trailer below
    first, copy = (packer.compress(part) + packer.flush(zlib.Z_FULL_FLUSH) for part in (head, pad))
    last = packer.compress(tail) + packer.flush()
    body = first + copy * copies + last
    if wrapper == "zlib":
        checksum = zlib.adler32(head)
        for _ in range(copies):
            checksum = zlib.adler32(pad, checksum)
        return b"\x78\xda" + body + zlib.adler32(tail, checksum).to_bytes(4, "big")
    assert wrapper == "gzip", wrapper
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(pad, crc)
    size = len(head) + copies * len(pad) + len(tail)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"  # deflate, no name, no time, level 9, Unix
    return (header + body + zlib.crc32(tail, crc).to_bytes(4, "little")
            + (size % 2**32).to_bytes(4, "little"))
