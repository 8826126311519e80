import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendSvg } from './svgResponse';

/**
 * Buyers' review pictures (买家秀), generated: small SVG "photos" the emulator serves at
 * `/review-images/<name>.svg`, so the demo and the tests show real pictures offline. Each
 * name draws its own picture (colours and shapes from a hash of the name): a product on a
 * table with a window light, enough to tell thumbnails apart. Served as image/svg+xml with
 * `nosniff`; an <img> never runs script inside an SVG.
 */

export const REVIEW_IMAGE_PATH = /^\/review-images\/([a-z0-9-]{1,64})\.svg$/;

/** The URL of picture `index` of review `reviewId`, on the emulator at `baseUrl`. */
export function reviewImageUrl(baseUrl: string, reviewId: string, index: number): string {
  return `${baseUrl}/review-images/${encodeURIComponent(`r${reviewId}-${index}`.toLowerCase().replace(/[^a-z0-9-]/g, ''))}.svg`;
}

const PALETTES: ReadonlyArray<readonly [string, string, string]> = [
  ['#f3e9dc', '#5b8c5a', '#c08552'],
  ['#e8f1f2', '#247ba0', '#f25f5c'],
  ['#fdf0d5', '#780000', '#669bbc'],
  ['#edf6f9', '#006d77', '#e29578'],
  ['#f8edeb', '#6d597a', '#b56576'],
];

export function reviewImageSvg(name: string): string {
  const hash = createHash('sha256').update(name).digest();
  const [background, product, accent] = PALETTES[(hash[0] ?? 0) % PALETTES.length] ?? PALETTES[0]!;
  const x = 70 + ((hash[1] ?? 0) % 60);
  const height = 70 + ((hash[2] ?? 0) % 50);
  const round = (hash[3] ?? 0) % 2 === 0;
  const body = round
    ? `<ellipse cx="${x + 30}" cy="${200 - height / 2}" rx="38" ry="${height / 2}" fill="${product}"/>`
    : `<rect x="${x}" y="${200 - height}" width="60" height="${height}" rx="8" fill="${product}"/>`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240">',
    `<rect width="240" height="240" fill="${background}"/>`,
    `<rect x="150" y="20" width="70" height="90" fill="#ffffff" opacity="0.7"/>`,
    `<rect x="0" y="200" width="240" height="40" fill="${accent}" opacity="0.5"/>`,
    body,
    `<circle cx="${x + 30}" cy="${200 - height - 12}" r="10" fill="${accent}"/>`,
    '</svg>',
  ].join('');
}

export function sendReviewImage(response: ServerResponse, name: string): void {
  sendSvg(response, reviewImageSvg(name));
}
