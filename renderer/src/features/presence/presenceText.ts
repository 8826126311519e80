import type { PresenceUpdate, User } from '../../../../shared';

/** Other people in a conversation: viewers and typists, never the agent themself. */
export function othersIn(update: PresenceUpdate | undefined, selfId: string): { viewers: string[]; typing: string[] } {
  if (!update) return { viewers: [], typing: [] };
  return { viewers: update.viewers.filter((id) => id !== selfId), typing: update.typing.filter((id) => id !== selfId) };
}

/** Display names in the order given, for ids the cache knows (an unknown id shows as itself). */
export function namesOf(ids: readonly string[], users: readonly Pick<User, 'id' | 'displayName'>[]): string[] {
  const byId = new Map(users.map((user) => [user.id, user.displayName]));
  return ids.map((id) => byId.get(id) ?? id);
}
