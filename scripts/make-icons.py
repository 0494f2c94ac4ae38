#!/usr/bin/env python3
"""Draws the station app's icons (wwwroot/icons/icon-192.png, icon-512.png): a white parcel on the brand blue,
inside the maskable safe zone. Pure Python (zlib + struct), so it runs anywhere the repository builds."""
import os, struct, zlib

BRAND = (0x08, 0x45, 0x81, 255)
WHITE = (255, 255, 255, 255)
TAPE = (0x0b, 0x5c, 0xad, 255)

def pixel(x, y, s):
    u, v = x / s, y / s
    # the parcel: a box from 28% to 72%, with a lid line and a tape strip down the middle
    if 0.26 <= u <= 0.74 and 0.30 <= v <= 0.74:
        if 0.46 <= u <= 0.54 and v <= 0.50:
            return TAPE
        if 0.41 <= v <= 0.44:
            return BRAND
        return WHITE
    return BRAND

def png(size):
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel(x, y, size)) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

out = os.path.join(os.path.dirname(__file__), "..", "src", "SupplyTracker", "wwwroot", "icons")
os.makedirs(out, exist_ok=True)
for size in (192, 512):
    with open(os.path.join(out, f"icon-{size}.png"), "wb") as f:
        f.write(png(size))
