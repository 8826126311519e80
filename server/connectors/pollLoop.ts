import type { ConnectorLog, MessageServiceSubscription, PollCursors } from './types';

/**
 * The loop of the connectors that poll because their platform pushes nothing to Huixin
 * (JD orders and comments, Weibo comments): one round now, the next `intervalMs` after the
 * previous round ended (never overlapping rounds; at once when a round is catching up),
 * until closed. Closing aborts the round's
 * in-flight calls through `signal` and waits for the round to finish, so a cursor is never
 * moved by a round that outlived its subscription.
 */
export function startPollLoop(options: {
  intervalMs: number;
  /** Answers 'again' when it stopped early on purpose (catching up): the next round starts at once. */
  round: (signal: AbortSignal) => Promise<void | 'again'>;
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
        .then(
          (next) => next === 'again',
          (error: unknown) => {
            options.onError(error);
            return false;
          },
        )
        .then((again) => schedule(again ? 0 : options.intervalMs));
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

/** One round's time window: [start, end), and whether it stops short of now (catching up). */
export interface PollWindow {
  start: Date;
  end: Date;
  catchingUp: boolean;
}

/**
 * The time-window cursor of a poller that asks "what changed between start and end"
 * (JD's order and comment searches). Each window starts `overlapMs` before where the last
 * one ended, so a change made while a page was being read is seen next round (the dedupe
 * keys make re-reads harmless). The end is saved through `cursors` only after the round
 * delivered everything, so a restart resumes from what was really stored — however long
 * the server was down — rather than a fixed look-back. A long gap is read in steps of at
 * most `maxWindowMs` past the cursor, one after another, so no single search outgrows its
 * page limit.
 */
export function timeWindowCursor(options: {
  cursors: PollCursors | undefined;
  source: string;
  /** Where to start when nothing was saved (first start, or no database). */
  lookbackMs: number;
  overlapMs: number;
  maxWindowMs: number;
  now: () => Date;
}): { next(): Promise<PollWindow>; advance(window: PollWindow): Promise<void> } {
  let cursor: Date | null = null;
  return {
    async next() {
      const now = options.now();
      if (cursor === null) {
        const saved = await options.cursors?.load(options.source);
        const parsed = saved == null ? Number.NaN : Date.parse(saved);
        cursor = Number.isNaN(parsed) ? new Date(now.getTime() - options.lookbackMs) : new Date(parsed);
      }
      const from = Math.min(cursor.getTime(), now.getTime());
      const start = new Date(from - options.overlapMs);
      const end = new Date(Math.min(now.getTime(), from + options.maxWindowMs));
      return { start, end, catchingUp: end.getTime() < now.getTime() };
    },
    async advance(window) {
      await options.cursors?.save(options.source, window.end.toISOString());
      cursor = window.end;
    },
  };
}
