import { useCallback, useEffect, useState } from 'react';
import { useSyncStatus } from '../../app/syncClient';
import { AdminApiError } from './adminApi';

export type ReportState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  /** No connection to the server: these reports are never cached, so there is nothing to show. */
  | { status: 'offline' }
  | { status: 'failed'; message: string };

/**
 * Loads an online-only report and reloads it when the connection comes back. While the
 * sync connection is known to be down it does not even try (the answer would be
 * "unreachable" anyway); while it is still connecting it tries, since HTTP may well work.
 */
export function useServerReport<T>(load: () => Promise<T>, deps: readonly unknown[]): { state: ReportState<T>; reload: () => void } {
  const { connection } = useSyncStatus();
  const down = connection === 'offline' || connection === 'unauthorized';
  const online = connection === 'online';
  const [state, setState] = useState<ReportState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    if (down) {
      setState({ status: 'offline' });
      return;
    }
    let cancelled = false;
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    load().then(
      (data) => !cancelled && setState({ status: 'ready', data }),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof AdminApiError && error.problem === 'unreachable') setState({ status: 'offline' });
        else setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
    // `load` is re-created every render; `deps` say when the report really changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [down, online, attempt, ...deps]);

  return { state, reload };
}
