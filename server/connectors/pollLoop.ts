import type { ConnectorLog, MessageServiceSubscription } from './types';

/**
 * The loop of the connectors that poll because their platform pushes nothing to Huixin
 * (JD orders and comments, Weibo comments): one round now, the next `intervalMs` after the
 * previous round ended (never overlapping rounds), until closed. Closing aborts the round's
 * in-flight calls through `signal` and waits for the round to finish, so a cursor is never
 * moved by a round that outlived its subscription.
 */
export function startPollLoop(options: {
  intervalMs: number;
  round: (signal: AbortSignal) => Promise<void>;
  /** A round that threw: logged by the caller; the next round asks again. */
  onError: (error: unknown) => void;
}): MessageServiceSubscription {
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  const inFlight = new AbortController();

  const schedule = (delayMs: number): void => {
    if (closed) return;
    timer = setTimeout(() => {
      timer = null;
      running = options
        .round(inFlight.signal)
        .catch(options.onError)
        .finally(() => schedule(options.intervalMs));
    }, delayMs);
  };
  schedule(0);

  return {
    async close(): Promise<void> {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      inFlight.abort();
      await running;
    },
  };
}

/** A platform call that failed, as the token-aware API clients answer it. */
export interface FailedCall {
  permanent: boolean;
  reason: string;
  /** The token manager refused without calling: the owner must re-authorize the store. */
  reauthorize?: boolean;
}

/**
 * Logs why a poll round stopped. Authorization gone: the token manager answers without
 * calling the platform, so each round costs nothing there, and the cursor stays where it
 * was, so the first round after new tokens reads everything changed meanwhile. A permanent
 * refusal (no permission …) needs the owner: an error, still retried; a transient one a warning.
 */
export function logFailedRound(log: ConnectorLog, storeId: string, call: string, answer: FailedCall): void {
  const details = { storeId, reason: answer.reason };
  if (answer.reauthorize === true) log.error(`${call}: authorization expired; not asking until the store is re-authorized`, details);
  else if (answer.permanent) log.error(`${call} refused; asking again next round`, details);
  else log.warn(`${call} failed; asking again next round`, details);
}
