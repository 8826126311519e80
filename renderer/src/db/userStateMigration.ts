import type { Transaction } from 'dexie';
import { criteriaOf, inboxFilterSchema, mutationConversationId, mutationSchema, SAVED_VIEW_NAME_MAX, type MutationPayload } from '../../../shared';
import { newUuid } from './ids';
import type { OutboxRow, SessionRow } from './schema';

/** A saved view as versions 3–5 kept it: local to this machine. */
interface LegacySavedViewRow {
  id: string;
  userId: string;
  name: string;
  filter: unknown;
  createdAt: string;
}

/**
 * Dexie version 6 upgrade: saved views and read marks used to live on this machine only.
 * Now they sync through the agent's own stream, so what this machine kept is handed to
 * the server once, the same way as anything else the agent did — through the outbox:
 * - each saved view of the signed-in agent becomes a queued `savedView.save` (same id,
 *   so a retry never makes two), and leaves the table, which now holds only synced
 *   snapshots (the outbox overlay shows it meanwhile, see inboxViews.ts);
 * - each read mark is flagged pending, and readMarkSync.ts sends them in batches.
 * Runs inside Dexie's upgrade transaction: all of it happens, once, or none of it.
 */
export async function migrateLocalUserState(tx: Transaction): Promise<void> {
  const session = (await tx.table('session').toArray()) as SessionRow[];
  const ownerId = session[0]?.user.id ?? ownerFromMeta((await tx.table('meta').get('cacheOwner')) as { value?: string } | undefined);
  const legacy = ((await tx.table('savedViews').toArray()) as LegacySavedViewRow[]).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const now = new Date().toISOString();
  const outbox: OutboxRow[] = [];
  legacy.forEach((view, position) => {
    // The cache belongs to one agent (session.ts clears it for anyone else): rows of another user are leftovers.
    if (view.userId !== ownerId) return;
    const filter = inboxFilterSchema.safeParse(view.filter);
    const name = view.name.trim().slice(0, SAVED_VIEW_NAME_MAX);
    if (!filter.success || name === '') return;
    const payload: MutationPayload = { type: 'savedView.save', viewId: view.id, view: { name, filter: criteriaOf(filter.data), sort: filter.data.sort, position } };
    const mutation = mutationSchema.parse({ mutationId: newUuid(), createdAt: now, payload });
    outbox.push({ mutationId: mutation.mutationId, conversationId: mutationConversationId(payload), mutation, state: 'queued', attempts: 0, failure: null, updatedAt: now });
  });
  if (outbox.length > 0) await tx.table('outbox').bulkAdd(outbox);
  await tx.table('savedViews').clear();
  await tx.table('readMarks').toCollection().modify({ pending: 1 });
}

/** The user id in the cache-owner key (`<serverUrl>\n<userId>`, session.ts). */
function ownerFromMeta(row: { value?: string } | undefined): string | null {
  const value = row?.value;
  if (value === undefined) return null;
  const newline = value.lastIndexOf('\n');
  return newline >= 0 ? value.slice(newline + 1) : null;
}
