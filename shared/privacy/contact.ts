import { z } from 'zod';

/**
 * A buyer's personal contact data as a platform gives it (Shopify's shipping address,
 * Taobao's receiver fields). The server keeps it in server-only columns; clients get it
 * masked inside the customer snapshot, and unmasked only through an audited reveal.
 */
export const buyerContactSchema = z.object({
  realName: z.string().max(200).nullable(),
  phone: z.string().max(64).nullable(),
  address: z.string().max(1000).nullable(),
  idNumber: z.string().max(64).nullable(),
});
export type BuyerContact = z.infer<typeof buyerContactSchema>;

export const EMPTY_CONTACT: BuyerContact = { realName: null, phone: null, address: null, idNumber: null };

export function hasContact(contact: BuyerContact): boolean {
  return Object.values(contact).some((value) => value !== null && value !== '');
}

/** What an erased buyer's name and message texts become (DELETE /api/customers/:id). */
export const ERASED_NICKNAME = '[erased]';
export const ERASED_TEXT = '[erased at the buyer’s request]';
