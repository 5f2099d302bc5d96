#!/usr/bin/env python3
"""Writes a raster MBTiles 1.3 file for the base map benchmark: every tile of a lon/lat box at
zooms MIN..MAX, each a 256 x 256 PNG of one colour derived from its address (stdlib only).

Usage: make-mbtiles.py FILE WEST SOUTH EAST NORTH MINZOOM MAXZOOM
"""
import math
import sqlite3
import struct
import sys
import zlib


def png(rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * 256 for _ in range(256))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def tile_at(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    r = math.radians(lat)
    y = int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
    return x, y


def main():
    path, west, south, east, north, zmin, zmax = sys.argv[1], *map(float, sys.argv[2:6]), int(sys.argv[6]), int(sys.argv[7])
    db = sqlite3.connect(path)
    db.executescript("""
        DROP TABLE IF EXISTS metadata; DROP TABLE IF EXISTS tiles;
        CREATE TABLE metadata (name text, value text);
        CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
        CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);""")
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "基准测试底图"), ("format", "png"), ("minzoom", str(zmin)), ("maxzoom", str(zmax)),
        ("bounds", f"{west},{south},{east},{north}")])
    count = 0
    for z in range(zmin, zmax + 1):
        x0, y0 = tile_at(west, north, z)
        x1, y1 = tile_at(east, south, z)
        rows = []
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                rows.append((z, x, 2 ** z - 1 - y, png(((x * 37) % 200 + 40, (y * 53) % 200 + 40, (z * 71) % 200 + 40))))
        db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", rows)
        count += len(rows)
        print(f"z{z}: x {x0}..{x1}, y {y0}..{y1}", file=sys.stderr)
    db.commit()
    print(count)


if __name__ == "__main__":
    main()
