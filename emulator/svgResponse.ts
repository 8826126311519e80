import type { ServerResponse } from 'node:http';

/**
 * Answers a generated picture (review pictures, product pictures) as image/svg+xml with
 * `nosniff`; an <img> never runs script inside an SVG. Cacheable: the same name always
 * draws the same picture.
 */
export function sendSvg(response: ServerResponse, svg: string): void {
  response.writeHead(200, {
    'content-type': 'image/svg+xml',
    'content-length': Buffer.byteLength(svg),
    'cache-control': 'public, max-age=86400',
    'x-content-type-options': 'nosniff',
    // The app loads these from another origin (the renderer's, or app://).
    'cross-origin-resource-policy': 'cross-origin',
  });
  response.end(svg);
}
