/**
 * A decimal amount string ("199.00") in its currency, for display. The amount is parsed
 * only to print it; nothing is computed with the float. Unknown currency codes fall back
 * to "CODE 199.00".
 */
export function formatMoney(amount: string, currency: string, language: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${currency} ${amount}`;
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(value);
  } catch {
    return `${currency} ${amount}`;
  }
}
