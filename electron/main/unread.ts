/**
 * What the tray and dock show for a number of unread conversations. The text is English
 * because the tray tooltip is drawn by the OS before the renderer (and its i18n) loads;
 * the count itself is the information.
 */
export const APP_NAME = 'Huixin';

export function trayTooltip(unreadCount: number): string {
  if (unreadCount <= 0) return `${APP_NAME}: no unread conversations`;
  if (unreadCount === 1) return `${APP_NAME}: 1 unread conversation`;
  return `${APP_NAME}: ${unreadCount} unread conversations`;
}

/** Windows has no numeric badge; the window title carries the count there (and everywhere). */
export function windowTitle(unreadCount: number): string {
  return unreadCount > 0 ? `(${unreadCount > 999 ? '999+' : unreadCount}) ${APP_NAME}` : APP_NAME;
}
