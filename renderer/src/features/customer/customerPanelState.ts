import { useSyncExternalStore } from 'react';

/**
 * Whether the customer panel beside the conversation is open. One small store instead of
 * a prop threaded through the conversation view: the toggle lives in the conversation's
 * toolbar, the column in the workspace layout. Remembered across launches.
 */
const KEY = 'huixin.customerPanel';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'closed';
  } catch {
    return true;
  }
}

let open = read();

export function setCustomerPanelOpen(next: boolean): void {
  open = next;
  try {
    localStorage.setItem(KEY, next ? 'open' : 'closed');
  } catch {
    // Storage refused (private mode): the choice lasts for this window only.
  }
  for (const listener of listeners) listener();
}

export function useCustomerPanelOpen(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => open,
  );
}
