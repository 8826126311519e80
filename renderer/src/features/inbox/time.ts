import dayjs from 'dayjs';

/** "5 minutes", "2 小时": how long a buyer has waited, in the current dayjs locale. */
export function waitingDuration(waitingSince: string, now: number): string {
  return dayjs(waitingSince).from(now, true);
}

/** The time shown on a row: the clock time today, else a short date. */
export function shortTime(iso: string, now: number, language: string): string {
  const date = new Date(iso);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return sameDay
    ? new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hour12: false }).format(date)
    : new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric' }).format(date);
}
