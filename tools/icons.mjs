// Draws the extension icon (a white megaphone on an orange disc) as PNG files at the manifest's sizes.
//   node tools/icons.mjs extension/icons
// Run once when the icon changes; the PNGs are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Coverage of the unit-square point (x, y) by the icon's shapes: [r, g, b, a]. */
function shade(x, y) {
  const dx = x - 0.5, dy = y - 0.5;
  if (dx * dx + dy * dy > 0.25) return [0, 0, 0, 0];
  // Megaphone: a handle rectangle and a cone widening to the right.
  const inHandle = x > 0.2 && x < 0.36 && Math.abs(dy) < 0.09;
  const t = (x - 0.34) / 0.42;
  const inCone = t >= 0 && t <= 1 && Math.abs(dy) < 0.09 + t * 0.2;
  return inHandle || inCone ? [255, 255, 255, 255] : [194, 65, 12, 255];
}

function png(size) {
  const samples = 4; // 4×4 supersampling for smooth edges
  const rows = [];
  for (let py = 0; py < size; py++) {
    const line = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) for (let sx = 0; sx < samples; sx++) {
        const [r, g, b, a] = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
        acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a;
      }
      const alpha = acc[3] / (samples * samples);
      const o = 1 + px * 4;
      if (acc[3] > 0) for (let i = 0; i < 3; i++) line[o + i] = Math.round(acc[i] / acc[3]);
      line[o + 3] = Math.round(alpha);
    }
    rows.push(line);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; header[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = process.argv[2] ?? 'extension/icons';
for (const size of [16, 32, 48, 128]) writeFileSync(`${dir}/icon-${size}.png`, png(size));
