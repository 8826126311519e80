import type { Review, Store } from '../../../shared';
import type { HuixinDb } from './database';

/** The review a review thread is about; null when the thread has none cached (threads from before review records). */
export async function loadReviewOfConversation(db: HuixinDb, conversationId: string): Promise<Review | null> {
  return (await db.reviews.where('conversationId').equals(conversationId).first()) ?? null;
}

export interface CustomerReview {
  review: Review;
  store: Store | undefined;
}

/** Every review of these customers (one person across linked stores), newest first. */
export async function loadCustomerReviews(db: HuixinDb, customerIds: readonly string[]): Promise<CustomerReview[]> {
  const [reviews, stores] = await Promise.all([db.reviews.where('customerId').anyOf([...customerIds]).toArray(), db.stores.toArray()]);
  const storeById = new Map(stores.map((store) => [store.id, store]));
  return reviews.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((review) => ({ review, store: storeById.get(review.storeId) }));
}
