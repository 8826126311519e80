/**
 * Who is online: users with at least one connected socket on THIS server node. Kept in
 * memory; with several nodes each node knows only its own sockets (a shared presence
 * through the Redis adapter is the multi-node step, not done yet).
 */
export class Presence {
  readonly #sockets = new Map<string, number>();

  connected(userId: string): void {
    this.#sockets.set(userId, (this.#sockets.get(userId) ?? 0) + 1);
  }

  disconnected(userId: string): void {
    const left = (this.#sockets.get(userId) ?? 0) - 1;
    if (left > 0) this.#sockets.set(userId, left);
    else this.#sockets.delete(userId);
  }

  isOnline(userId: string): boolean {
    return this.#sockets.has(userId);
  }

  onlineUserIds(): string[] {
    return [...this.#sockets.keys()];
  }
}
