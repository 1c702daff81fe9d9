/**
 * Nonces seen within the timestamp window. A (consumer, token, nonce, timestamp) used twice is
 * refused (`oauth_problem=nonce_used`), as the OAuth spec suggests; entries older than the window
 * are forgotten, since a replay that old fails the timestamp check anyway.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  private inserts = 0;

  /** @param retentionMs how long a nonce is remembered (twice the timestamp tolerance). */
  constructor(private readonly retentionMs: number) {}

  /** Record a nonce; false if it was already used. */
  use(key: string, nowMs: number): boolean {
    if (++this.inserts % 512 === 0) this.prune(nowMs);
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > nowMs) return false;
    this.seen.set(key, nowMs + this.retentionMs);
    return true;
  }

  private prune(nowMs: number): void {
    for (const [key, expiry] of this.seen) if (expiry <= nowMs) this.seen.delete(key);
  }
}
