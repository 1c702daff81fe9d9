/**
 * FILE_SAME_CONTENT without hashing every master, and without comparing every pair of rows.
 *
 * Two files with the same bytes have the same size and the same first bytes (the probe's head
 * digest), so a master is hashed only when an earlier master shares its size and head (or one of
 * the two has no head: a row known only by its recorded fingerprint). Once hashed, masters are
 * found by their content hash in a map, so a row costs the same whether it shares its size with
 * one other master or with 100,000 (uncompressed TIFF scans of one format all have one size):
 * each master is hashed at most once and looked up once.
 */

/** A row whose master may share its content with another row's. */
export interface ContentMember {
  row: number;
  identifier: string | null;
  path: string;
  key: { stamp: { size: number }; head: string | null };
  /** Known (recorded or hashed) content hash; null until needed. */
  sha256: string | null;
}

/** The members of one file size. */
interface SizeGroup<M extends ContentMember> {
  /** Members added, by head digest ("" for none), hashed or not: is there a possible twin? */
  heads: Map<string, number>;
  count: number;
  /** Members not hashed yet, by head digest ("" for none). */
  unhashed: Map<string, M[]>;
  /** The earliest row of each content hash. */
  bySha: Map<string, M>;
}

const NO_HEAD = "";

export class SameContentIndex<M extends ContentMember = ContentMember> {
  private readonly bySize = new Map<number, SizeGroup<M>>();

  /** `hash` sets and returns a member's sha256 (null when the file cannot be read). */
  constructor(private readonly hash: (m: M) => Promise<string | null>) {}

  /**
   * Add the next row's member (rows come in manifest order) and return the earliest earlier
   * member with the same content, or null.
   */
  async add(member: M): Promise<M | null> {
    const group = this.groupOf(member.key.stamp.size);
    const head = member.key.head ?? NO_HEAD;
    const possible = head === NO_HEAD ? group.count > 0 : (group.heads.get(head) ?? 0) + (group.heads.get(NO_HEAD) ?? 0) > 0;
    group.count++;
    group.heads.set(head, (group.heads.get(head) ?? 0) + 1);
    if (!possible) {
      if (member.sha256 !== null) this.index(group, member, member.sha256);
      else group.unhashed.set(head, [...(group.unhashed.get(head) ?? []), member]);
      return null;
    }
    const sha = member.sha256 ?? (await this.hash(member));
    if (sha === null) return null;
    // The earlier members that could be its twin are hashed now (each once), then found by hash.
    const heads = head === NO_HEAD ? [...group.unhashed.keys()] : [head, NO_HEAD];
    for (const h of heads) {
      const waiting = group.unhashed.get(h);
      if (!waiting) continue;
      group.unhashed.delete(h);
      for (const m of waiting) {
        const known = m.sha256 ?? (await this.hash(m));
        if (known !== null) this.index(group, m, known);
      }
    }
    const twin = group.bySha.get(sha) ?? null;
    this.index(group, member, sha);
    return twin;
  }

  private groupOf(size: number): SizeGroup<M> {
    let group = this.bySize.get(size);
    if (!group) {
      group = { heads: new Map(), count: 0, unhashed: new Map(), bySha: new Map() };
      this.bySize.set(size, group);
    }
    return group;
  }

  /** Index a hashed member; the earliest row of a content hash is the one reported. */
  private index(group: SizeGroup<M>, m: M, sha: string): void {
    const known = group.bySha.get(sha);
    if (!known || known.row > m.row) group.bySha.set(sha, m);
  }
}
