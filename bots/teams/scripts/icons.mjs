#!/usr/bin/env node
// Draws the Teams app's two icons (run once; the PNGs are committed): color.png,
// 192×192 on the brand colour, and outline.png, 32×32 white on transparent, as
// Teams asks. Two overlapping rings: two departments working on one plan.
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Coverage of two rings (centres at ±offset on the middle line) at a point, 0–1. */
function rings(size, x, y, radius, width) {
  const d = (cx) => Math.abs(Math.hypot(x - cx, y - size / 2) - radius);
  const off = radius * 0.55;
  return Math.max(0, Math.min(1, width / 2 + 0.5 - Math.min(d(size / 2 - off), d(size / 2 + off))));
}

const dir = new URL('../appPackage/', import.meta.url);
writeFileSync(new URL('color.png', dir), png(192, (x, y) => {
  const a = rings(192, x, y, 44, 14);
  const bg = [0x1f, 0x4e, 0x5f];
  return [0, 1, 2].map((i) => Math.round(bg[i] * (1 - a) + 255 * a)).concat(255);
}));
writeFileSync(new URL('outline.png', dir), png(32, (x, y) => [255, 255, 255, Math.round(255 * rings(32, x, y, 8, 2.5))]));
console.log('wrote appPackage/color.png and appPackage/outline.png');
