/** "yyyy-MM-dd HH:mm:ss" in GMT+8, the time format of Taobao's TOP and TMC. */
export function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO-8601 in a fixed shop-local offset, as Shopify writes times ("2024-05-01T10:15:30-04:00"). */
export function shopLocalIso(date: Date, offsetHours = -4): string {
  const local = new Date(date.getTime() + offsetHours * 3600_000).toISOString().slice(0, 19);
  const sign = offsetHours < 0 ? '-' : '+';
  const hours = String(Math.abs(offsetHours)).padStart(2, '0');
  return `${local}${sign}${hours}:00`;
}
