import type { BuyerContact } from './contact';

/**
 * Masking of buyer personal data (PIPL): what an agent sees by default. The server
 * applies these before a customer snapshot leaves it (server/storage/rows.ts), so the
 * unmasked value never reaches a client cache; revealing it is a separate, audited
 * request. Masks keep just enough to recognise a buyer on the phone ("…5678") and
 * follow the shapes Chinese platforms use (138****5678, 张*, 浙江省杭州市****).
 */

const MASK = '****';

/** 13812345678 → 138****5678; +1 555-010-1234 → +1 555****1234; short numbers keep only their last 2 digits. */
export function maskPhone(phone: string): string {
  const trimmed = phone.trim();
  const countryCode = /^\+(\d{1,3})[\s-]/.exec(trimmed);
  const digits = (countryCode ? trimmed.slice(countryCode[0].length) : trimmed).replace(/\D/g, '');
  // +8613812345678 written without a separator: the national number is the last 11 digits.
  const national = !countryCode && digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
  const prefix = countryCode ? `+${countryCode[1] ?? ''} ` : '';
  if (national.length < 7) return `${prefix}${MASK}${national.slice(-2)}`;
  return `${prefix}${national.slice(0, 3)}${MASK}${national.slice(-4)}`;
}

/** 张三丰 → 张**; Jane Doe → J*** D**: the first letter of each word stays. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '';
  if (/^[\p{Script=Han}·]+$/u.test(trimmed)) {
    const chars = [...trimmed];
    return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, chars.length - 1))}`;
  }
  return trimmed
    .split(/\s+/)
    .map((word) => {
      const chars = [...word];
      return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, chars.length - 1))}`;
    })
    .join(' ');
}

/**
 * Keeps the region (province and city, or the last two comma-separated parts of a
 * Western address) and hides the street: 浙江省杭州市西湖区文三路 90 号 → 浙江省杭州市****.
 */
export function maskAddress(address: string): string {
  const trimmed = address.trim();
  if (!trimmed) return '';
  const chinese = /^(.+?(?:省|自治区|特别行政区))?(.+?(?:市|自治州|地区|盟))/u.exec(trimmed);
  if (chinese?.[0] && chinese[0].length < trimmed.length) return `${chinese[0]}${MASK}`;
  const parts = trimmed.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length >= 3) return `${MASK}, ${parts.slice(-2).join(', ')}`;
  if (parts.length === 2) return `${MASK}, ${parts[1] ?? ''}`;
  return MASK;
}

/** 330106199001011234 → 3301**********1234. */
export function maskIdNumber(id: string): string {
  const compact = id.replace(/\s/g, '');
  if (compact.length <= 6) return '*'.repeat(compact.length);
  return `${compact.slice(0, 4)}${'*'.repeat(compact.length - 8 > 0 ? compact.length - 8 : 2)}${compact.slice(-4)}`;
}

export function maskContact(contact: BuyerContact): BuyerContact {
  return {
    realName: contact.realName === null ? null : maskName(contact.realName),
    phone: contact.phone === null ? null : maskPhone(contact.phone),
    address: contact.address === null ? null : maskAddress(contact.address),
    idNumber: contact.idNumber === null ? null : maskIdNumber(contact.idNumber),
  };
}
