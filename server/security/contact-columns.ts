import { hasContact, maskContact, type BuyerContact } from '../../shared';

/** The customers table's contact columns (migration 0004). */
export interface ContactColumns {
  real_name?: string | null;
  phone?: string | null;
  address?: string | null;
  id_number?: string | null;
}

/**
 * A customer's contact data from its row: `masked` for anything that is synced or shown
 * by default, `clear` only for the audited reveal and the owner's export. Null when the
 * platform gave none.
 */
export function contactOfRow(row: ContactColumns, form: 'masked' | 'clear'): BuyerContact | null {
  const contact: BuyerContact = {
    realName: row.real_name ?? null,
    phone: row.phone ?? null,
    address: row.address ?? null,
    idNumber: row.id_number ?? null,
  };
  if (!hasContact(contact)) return null;
  return form === 'masked' ? maskContact(contact) : contact;
}
