import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { PRODUCT_CATEGORIES } from './catalog';
import { sendSvg } from './svgResponse';

/**
 * Product pictures (主图), generated: a coloured tile with a simple drawing of what the
 * category sells (a teacup, mountains, a cut orange …), served at
 * `/product-images/<kind>/<name>.svg`, so the demo's catalogue and product cards show real
 * pictures offline. `kind` is a product category, or `other` (a gift box) for products of
 * no known category; `name` picks one of the category's shades and a soft light spot, so
 * neighbouring products in a list look alike in kind but not identical. Shapes only, no
 * text: nothing depends on the viewer's fonts.
 */

export const PRODUCT_IMAGE_KINDS = [...PRODUCT_CATEGORIES, 'other'] as const;
export type ProductImageKind = (typeof PRODUCT_IMAGE_KINDS)[number];

export const PRODUCT_IMAGE_PATH = /^\/product-images\/([a-z-]{1,16})\/([a-z0-9-]{1,64})\.svg$/;

/** The URL of the picture of product `key` (an id or SKU) of `kind`, on the emulator at `baseUrl`. */
export function productImageUrl(baseUrl: string, kind: ProductImageKind, key: string): string {
  const name = key.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'item';
  return `${baseUrl.replace(/\/+$/, '')}/product-images/${kind}/${name}.svg`;
}

export function isProductImageKind(value: string): value is ProductImageKind {
  return (PRODUCT_IMAGE_KINDS as readonly string[]).includes(value);
}

/** The light colour the drawings are made of. */
const INK = '#fdfbf5';

/** Three tile shades per kind: the picture's background. */
const SHADES: Readonly<Record<ProductImageKind, readonly [string, string, string]>> = {
  tea: ['#5b8c5a', '#4f7d57', '#6f9d63'],
  outdoor: ['#2f6690', '#3a7ca5', '#28587b'],
  cosmetics: ['#d88c9a', '#c9778a', '#e29aa6'],
  'phone-case': ['#5c677d', '#495057', '#6c757d'],
  silk: ['#a26769', '#b5838d', '#8e5a66'],
  snacks: ['#c1121f', '#d62828', '#ae2012'],
  fruit: ['#f77f00', '#e76f00', '#f28c28'],
  appliances: ['#1d7fa8', '#118ab2', '#166d8f'],
  ceramics: ['#3d5a80', '#4a6fa5', '#34506f'],
  bags: ['#6b705c', '#7f8060', '#5d624f'],
  other: ['#8d99ae', '#7d8aa1', '#9aa5b8'],
};

/** Each kind's drawing, centred on the 240×240 tile; `bg` is the tile's shade (for cut-outs). */
const DRAWINGS: Readonly<Record<ProductImageKind, (bg: string) => string>> = {
  tea: (bg) =>
    [
      `<path d="M100 86 C92 74 108 66 100 54 M126 86 C118 74 134 66 126 54" fill="none" stroke="${INK}" stroke-width="6" stroke-linecap="round" opacity="0.8"/>`,
      `<ellipse cx="120" cy="174" rx="68" ry="12" fill="${INK}"/>`,
      `<path d="M64 98 H176 V110 C176 144 152 166 120 166 C88 166 64 144 64 110 Z" fill="${INK}"/>`,
      `<path d="M174 112 C200 110 200 148 168 146" fill="none" stroke="${INK}" stroke-width="9" stroke-linecap="round"/>`,
      `<path d="M102 134 C108 116 130 112 140 122 C132 138 112 142 102 134 Z" fill="${bg}"/>`,
    ].join(''),
  outdoor: () =>
    [
      `<circle cx="168" cy="72" r="18" fill="#ffd166"/>`,
      `<path d="M36 184 L102 82 L168 184 Z" fill="${INK}"/>`,
      `<path d="M98 184 L152 106 L206 184 Z" fill="#d9e7ef"/>`,
    ].join(''),
  cosmetics: (bg) =>
    [
      `<rect x="102" y="54" width="36" height="20" rx="6" fill="#6d597a"/>`,
      `<rect x="108" y="72" width="24" height="22" rx="4" fill="${INK}"/>`,
      `<rect x="88" y="90" width="64" height="94" rx="16" fill="${INK}"/>`,
      `<rect x="102" y="118" width="36" height="38" rx="7" fill="${bg}" opacity="0.55"/>`,
      `<path d="M182 112 C182 112 164 136 164 148 A18 18 0 0 0 200 148 C200 136 182 112 182 112 Z" fill="${INK}" opacity="0.9"/>`,
    ].join(''),
  'phone-case': (bg) =>
    [
      `<rect x="78" y="42" width="84" height="156" rx="20" fill="${INK}"/>`,
      `<rect x="90" y="54" width="38" height="38" rx="10" fill="${bg}"/>`,
      `<circle cx="102" cy="66" r="6" fill="${INK}"/>`,
      `<circle cx="116" cy="80" r="6" fill="${INK}"/>`,
      `<circle cx="120" cy="142" r="13" fill="none" stroke="${bg}" stroke-width="5"/>`,
    ].join(''),
  silk: () =>
    [
      `<path d="M42 86 C82 56 112 116 152 86 S 196 70 200 80" fill="none" stroke="${INK}" stroke-width="20" stroke-linecap="round"/>`,
      `<path d="M42 124 C82 94 112 154 152 124 S 196 108 200 118" fill="none" stroke="#ffd6a5" stroke-width="20" stroke-linecap="round"/>`,
      `<path d="M42 162 C82 132 112 192 152 162 S 196 146 200 156" fill="none" stroke="${INK}" stroke-width="20" stroke-linecap="round" opacity="0.85"/>`,
    ].join(''),
  snacks: () =>
    [
      `<path d="M152 80 C118 84 90 114 78 152 C72 172 82 186 98 178 C128 162 158 128 166 98 C168 88 162 80 152 80 Z" fill="${INK}"/>`,
      `<path d="M138 86 C146 72 164 72 170 88 C158 96 148 96 138 86 Z" fill="#80b918"/>`,
      `<path d="M156 80 C160 64 172 56 186 54" fill="none" stroke="#80b918" stroke-width="9" stroke-linecap="round"/>`,
    ].join(''),
  fruit: () =>
    [
      `<circle cx="120" cy="134" r="58" fill="${INK}"/>`,
      `<circle cx="120" cy="134" r="46" fill="#ffb347"/>`,
      `<path d="M120 88 V180 M74 134 H166 M88 102 L152 166 M152 102 L88 166" stroke="${INK}" stroke-width="5"/>`,
      `<circle cx="120" cy="134" r="8" fill="${INK}"/>`,
      `<path d="M124 76 C132 54 158 50 168 58 C160 74 138 82 124 76 Z" fill="#80b918"/>`,
    ].join(''),
  appliances: (bg) =>
    [
      `<path d="M66 102 C70 66 170 66 174 102 Z" fill="${INK}"/>`,
      `<rect x="108" y="62" width="24" height="12" rx="6" fill="${INK}"/>`,
      `<rect x="58" y="100" width="124" height="82" rx="24" fill="${INK}"/>`,
      `<rect x="58" y="100" width="124" height="8" fill="${bg}" opacity="0.35"/>`,
      `<rect x="98" y="130" width="44" height="22" rx="7" fill="${bg}"/>`,
      `<circle cx="110" cy="141" r="4" fill="#06d6a0"/>`,
    ].join(''),
  ceramics: (bg) =>
    [
      `<path d="M104 48 H136 V64 C136 76 162 92 162 130 C162 166 144 188 120 188 C96 188 78 166 78 130 C78 92 104 76 104 64 Z" fill="${INK}"/>`,
      `<path d="M84 128 C98 114 112 142 126 128 S 150 114 158 128" fill="none" stroke="${bg}" stroke-width="6" stroke-linecap="round"/>`,
      `<circle cx="120" cy="158" r="7" fill="${bg}"/>`,
    ].join(''),
  bags: (bg) =>
    [
      `<path d="M94 104 V86 C94 58 146 58 146 86 V104" fill="none" stroke="${INK}" stroke-width="9" stroke-linecap="round"/>`,
      `<path d="M64 100 H176 L166 190 H74 Z" fill="${INK}"/>`,
      `<circle cx="120" cy="146" r="18" fill="${bg}" opacity="0.6"/>`,
    ].join(''),
  other: (bg) =>
    [
      `<rect x="68" y="104" width="104" height="82" rx="6" fill="${INK}"/>`,
      `<rect x="58" y="86" width="124" height="24" rx="6" fill="${INK}"/>`,
      `<rect x="112" y="86" width="16" height="100" fill="${bg}"/>`,
      `<ellipse cx="104" cy="76" rx="18" ry="10" fill="none" stroke="${INK}" stroke-width="7"/>`,
      `<ellipse cx="136" cy="76" rx="18" ry="10" fill="none" stroke="${INK}" stroke-width="7"/>`,
    ].join(''),
};

export function productImageSvg(kind: ProductImageKind, name: string): string {
  const hash = createHash('sha256').update(`${kind}/${name}`).digest();
  const shades = SHADES[kind];
  const bg = shades[(hash[0] ?? 0) % shades.length] ?? shades[0];
  // A soft light spot in one of the corners, so that two products of a kind differ.
  const spotX = (hash[1] ?? 0) % 2 === 0 ? 40 : 200;
  const spotY = (hash[2] ?? 0) % 2 === 0 ? 40 : 200;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240">',
    `<rect width="240" height="240" fill="${bg}"/>`,
    `<circle cx="${spotX}" cy="${spotY}" r="${90 + ((hash[3] ?? 0) % 40)}" fill="#ffffff" opacity="0.12"/>`,
    DRAWINGS[kind](bg),
    '</svg>',
  ].join('');
}

export function sendProductImage(response: ServerResponse, kind: ProductImageKind, name: string): void {
  sendSvg(response, productImageSvg(kind, name));
}
