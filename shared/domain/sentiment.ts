/**
 * Whether a review needs attention: a low rating, or words that say the buyer is unhappy
 * even when the stars do not (buyers often leave 5 stars and complain in the text).
 * A short, hand-kept list in both markets' languages; substring match for Chinese (no
 * word boundaries), whole words for English.
 */
export const LOW_RATING_MAX = 2;

export const NEGATIVE_WORDS_ZH = [
  '差评',
  '太差',
  '很差',
  '质量差',
  '垃圾',
  '假货',
  '骗子',
  '退货',
  '退款',
  '破损',
  '坏了',
  '不满意',
  '失望',
  '投诉',
  '掉色',
  '发霉',
  '过期',
  '难用',
  '不推荐',
] as const;

export const NEGATIVE_WORDS_EN = [
  'broken',
  'damaged',
  'defective',
  'fake',
  'scam',
  'terrible',
  'awful',
  'worst',
  'disappointed',
  'disappointing',
  'refund',
  'useless',
  'never again',
  'poor quality',
  'complaint',
] as const;

const englishPattern = new RegExp(`\\b(${NEGATIVE_WORDS_EN.map((w) => w.replace(/\s+/g, '\\s+')).join('|')})\\b`, 'i');

export function hasNegativeWords(text: string): boolean {
  if (NEGATIVE_WORDS_ZH.some((word) => text.includes(word))) return true;
  return englishPattern.test(text);
}

export function isNegativeReview(rating: number, text: string): boolean {
  return rating <= LOW_RATING_MAX || hasNegativeWords(text);
}

/** The tag that flags a thread with a negative review, and one with a refund request. */
export const NEGATIVE_REVIEW_TAG = 'negative-review';
export const REFUND_TAG = 'refund';

/**
 * Why a review is flagged, for the review card and the review record: a low rating
 * first (it is what the shop's score counts), else unhappy words; null when neither.
 */
export function reviewFlagReason(rating: number, text: string): 'low_rating' | 'negative_words' | null {
  if (rating <= LOW_RATING_MAX) return 'low_rating';
  return hasNegativeWords(text) ? 'negative_words' : null;
}
