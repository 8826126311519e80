import { MAX_REVIEW_IMAGES, reviewImageSchema, type ReviewImage } from './entities';

/**
 * Review pictures as platforms give them → what Huixin stores. Chinese CDNs often answer
 * protocol-relative URLs (`//img30.360buyimg.com/…`, `//img.alicdn.com/…`) and sometimes
 * plain http for pictures their CDN also serves over https: both are read as https.
 * Anything else that is not a valid picture URL is left out (a review is never refused for
 * one bad picture), as are repeats; at most MAX_REVIEW_IMAGES are kept.
 */
export function toReviewImages(pictures: ReadonlyArray<{ url: string; thumbnailUrl?: string | null | undefined }>): ReviewImage[] {
  const images: ReviewImage[] = [];
  const seen = new Set<string>();
  for (const picture of pictures) {
    const url = asHttps(picture.url);
    if (url === null || seen.has(url)) continue;
    const thumbnailUrl = picture.thumbnailUrl ? asHttps(picture.thumbnailUrl) : null;
    const parsed = reviewImageSchema.safeParse(thumbnailUrl === null ? { url } : { url, thumbnailUrl });
    if (!parsed.success) continue;
    seen.add(url);
    images.push(parsed.data);
    if (images.length === MAX_REVIEW_IMAGES) break;
  }
  return images;
}

function asHttps(raw: string): string | null {
  const value = raw.trim();
  if (value.startsWith('//')) return `https:${value}`;
  if (value.startsWith('https://')) return value;
  if (value.startsWith('http://')) {
    // The demo emulator's loopback pictures stay http (see pictureUrlSchema); a CDN's go https.
    const rest = value.slice('http://'.length);
    return /^(127\.0\.0\.1|localhost|\[::1\])(:|\/)/.test(rest) ? value : `https://${rest}`;
  }
  return null;
}
