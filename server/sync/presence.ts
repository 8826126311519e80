/** Where a change of who is online came from: this node's sockets or the other nodes'. */
export type PresenceChangeSource = 'local' | 'remote';

/**
 * Who is online: users with at least one connected socket. This node counts its own
 * sockets; with several nodes (Redis), server/cluster/cluster-presence.ts shares them and
 * feeds in who is connected to the other nodes (`setRemote`), so that the online list and
 * automatic assignment see the whole cluster. Without Redis, remote stays empty.
 */
export class Presence {
  readonly #sockets = new Map<string, number>();
  #remote = new Set<string>();
  readonly #listeners = new Set<(source: PresenceChangeSource) => void>();

  connected(userId: string): void {
    const count = this.#sockets.get(userId) ?? 0;
    this.#sockets.set(userId, count + 1);
    if (count === 0) this.#emit('local');
  }

  disconnected(userId: string): void {
    const left = (this.#sockets.get(userId) ?? 0) - 1;
    if (left > 0) this.#sockets.set(userId, left);
    else if (this.#sockets.delete(userId)) this.#emit('local');
  }

  /** Users connected to the other nodes (replaces the previous set). */
  setRemote(userIds: Iterable<string>): void {
    const next = new Set(userIds);
    const same = next.size === this.#remote.size && [...next].every((id) => this.#remote.has(id));
    this.#remote = next;
    if (!same) this.#emit('remote');
  }

  isOnline(userId: string): boolean {
    return this.#sockets.has(userId) || this.#remote.has(userId);
  }

  /** Online anywhere in the cluster. */
  onlineUserIds(): string[] {
    return [...new Set([...this.#sockets.keys(), ...this.#remote])];
  }

  /** Online through a socket on this node. */
  localUserIds(): string[] {
    return [...this.#sockets.keys()];
  }

  /** Called whenever a user may have come online or gone offline. */
  onChange(listener: (source: PresenceChangeSource) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(source: PresenceChangeSource): void {
    for (const listener of this.#listeners) listener(source);
  }
}
