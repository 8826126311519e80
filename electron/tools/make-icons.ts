/**
 * Draws the Huixin app icon (a chat bubble gathering three message dots on a teal tile)
 * and writes resources/icon.png (512×512, used by electron-builder and the tray) and
 * resources/icon.svg. Drawn in code so the repository needs no binary from elsewhere.
 *
 *   npx tsx electron/tools/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling for smooth edges

type Rgba = readonly [number, number, number, number];
const TILE_TOP: Rgba = [20, 184, 166, 255];
const TILE_BOTTOM: Rgba = [13, 110, 253, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const DOT: Rgba = [13, 148, 136, 255];

function insideRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insideTriangle(x: number, y: number, a: [number, number], b: [number, number], c: [number, number]): boolean {
  const sign = (p: [number, number], q: [number, number], r: [number, number]): number =>
    (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1]);
  const d1 = sign([x, y], a, b);
  const d2 = sign([x, y], b, c);
  const d3 = sign([x, y], c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** The colour of one point of the icon, or null where it is transparent. */
function colourAt(x: number, y: number): Rgba | null {
  if (!insideRoundedRect(x, y, 16, 16, 496, 496, 112)) return null;
  const dots = [176, 256, 336];
  if (dots.some((dx) => (x - dx) ** 2 + (y - 236) ** 2 <= 28 ** 2)) return DOT;
  if (insideRoundedRect(x, y, 104, 130, 408, 342, 72) || insideTriangle(x, y, [168, 320], [248, 330], [148, 408])) return WHITE;
  const t = y / SIZE;
  return [0, 1, 2, 3].map((i) => Math.round(TILE_TOP[i]! * (1 - t) + TILE_BOTTOM[i]! * t)) as unknown as Rgba;
}

function renderRgba(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          if (c === null) continue;
          // Premultiplied accumulation so edges blend with transparency correctly.
          for (let i = 0; i < 3; i++) sum[i]! += c[i]! * c[3];
          sum[3]! += c[3];
        }
      }
      const offset = (py * SIZE + px) * 4;
      const alpha = sum[3]!;
      for (let i = 0; i < 3; i++) pixels[offset + i] = alpha === 0 ? 0 : Math.round(sum[i]! / alpha);
      pixels[offset + 3] = Math.round(alpha / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function encodePng(rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type RGBA
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    rows[y * (SIZE * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="rgb(${TILE_TOP.slice(0, 3).join(',')})"/>
      <stop offset="1" stop-color="rgb(${TILE_BOTTOM.slice(0, 3).join(',')})"/>
    </linearGradient>
  </defs>
  <rect x="16" y="16" width="480" height="480" rx="112" fill="url(#tile)"/>
  <rect x="104" y="130" width="304" height="212" rx="72" fill="#fff"/>
  <polygon points="168,320 248,330 148,408" fill="#fff"/>
  <circle cx="176" cy="236" r="28" fill="rgb(${DOT.slice(0, 3).join(',')})"/>
  <circle cx="256" cy="236" r="28" fill="rgb(${DOT.slice(0, 3).join(',')})"/>
  <circle cx="336" cy="236" r="28" fill="rgb(${DOT.slice(0, 3).join(',')})"/>
</svg>
`;

const resourcesDir = path.join(import.meta.dirname, '../../resources');
writeFileSync(path.join(resourcesDir, 'icon.png'), encodePng(renderRgba()));
writeFileSync(path.join(resourcesDir, 'icon.svg'), SVG);
console.log(`wrote ${path.join(resourcesDir, 'icon.png')} and icon.svg`);
