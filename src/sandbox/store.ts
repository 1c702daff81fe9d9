/**
 * The sandbox's state: consumers, accounts, tokens, photos, albums, in memory, with a dirty set
 * that `flush()` commits to the persistence layer (if any) once per API call. Method handlers
 * change records in place and call `touchPhoto`/`markDirty`; ids and secrets come from here so
 * they are increasing, never reused, and reproducible under a seed.
 */
import type { EntityChange, EntityKind, PersistedRow, SandboxPersistence } from "./persistence.js";
import type { SeededRandom } from "./random.js";
import type {
  AccountRecord,
  ConsumerRecord,
  Counters,
  PhotoRecord,
  PhotosetRecord,
  RequestTokenRecord,
  TokenRecord,
} from "./model.js";

/** Ids start in the ranges real Flickr uses today, so they look (and sort) like real ones. */
const PHOTO_ID_BASE = 54_000_000_000;
const PHOTOSET_ID_BASE = 72_177_720_300_000_000n;
const COMMENT_ID_BASE = 72_177_720_400_000_000n;

export interface AccountInit {
  username?: string;
  realname?: string;
  commons?: boolean;
  pro?: boolean;
  geoPrivacyDefault?: boolean;
}

interface Meta {
  counters: Counters;
  defaultConsumer: string | null;
  defaultToken: string | null;
}

export class SandboxStore {
  readonly consumers = new Map<string, ConsumerRecord>();
  readonly accounts = new Map<string, AccountRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Request tokens live in memory only: a restart in the middle of a login just restarts it. */
  readonly requestTokens = new Map<string, RequestTokenRecord>();
  readonly photos = new Map<string, PhotoRecord>();
  readonly photosets = new Map<string, PhotosetRecord>();
  /** Normalised tag → global tag id (the last part of a tag id), shared by all photos as on Flickr. */
  readonly tagIds = new Map<string, number>();
  /** Normalised tag → ids of the photos carrying it (machine-tag lookups are the pipeline's hot path). */
  readonly tagIndex = new Map<string, Set<string>>();
  private meta: Meta = {
    counters: { photo: 0, photoset: 0, comment: 0, tag: 0, account: 0, token: 0 },
    defaultConsumer: null,
    defaultToken: null,
  };
  private readonly dirty = new Map<string, { kind: EntityKind; id: string }>();

  constructor(
    private readonly random: SeededRandom,
    private readonly persistence: SandboxPersistence | null = null,
  ) {}

  // ---- loading and committing ------------------------------------------------------------------

  /** Rebuild the state from persisted rows (no-op for an empty database). */
  load(rows: readonly PersistedRow[]): void {
    for (const { kind, id, value } of rows) {
      switch (kind) {
        case "meta":
          this.meta = value as Meta;
          break;
        case "consumer":
          this.consumers.set(id, value as ConsumerRecord);
          break;
        case "account":
          this.accounts.set(id, value as AccountRecord);
          break;
        case "token":
          this.tokens.set(id, value as TokenRecord);
          break;
        case "photo":
          this.photos.set(id, value as PhotoRecord);
          for (const tag of (value as PhotoRecord).tags) this.indexTag(tag.normalized, id);
          break;
        case "photoset":
          this.photosets.set(id, value as PhotosetRecord);
          break;
        case "tagid":
          this.tagIds.set(id, value as number);
          break;
      }
    }
  }

  markDirty(kind: EntityKind, id: string): void {
    this.dirty.set(`${kind}\u0000${id}`, { kind, id });
  }

  /** Commit every change since the last flush, atomically. Called before a response is written. */
  flush(): void {
    if (this.dirty.size === 0) return;
    const changes: EntityChange[] = [];
    for (const { kind, id } of this.dirty.values()) changes.push({ kind, id, value: this.lookup(kind, id) ?? null });
    this.dirty.clear();
    this.persistence?.write(changes);
  }

  private lookup(kind: EntityKind, id: string): unknown {
    switch (kind) {
      case "meta":
        return this.meta;
      case "consumer":
        return this.consumers.get(id);
      case "account":
        return this.accounts.get(id);
      case "token":
        return this.tokens.get(id);
      case "photo":
        return this.photos.get(id);
      case "photoset":
        return this.photosets.get(id);
      case "tagid":
        return this.tagIds.get(id);
    }
  }

  private next(counter: keyof Counters): number {
    this.meta.counters[counter] += 1;
    this.markDirty("meta", "meta");
    return this.meta.counters[counter];
  }

  // ---- consumers, accounts, tokens --------------------------------------------------------------

  get defaultConsumer(): ConsumerRecord | null {
    return this.meta.defaultConsumer === null ? null : (this.consumers.get(this.meta.defaultConsumer) ?? null);
  }

  get defaultToken(): TokenRecord | null {
    return this.meta.defaultToken === null ? null : (this.tokens.get(this.meta.defaultToken) ?? null);
  }

  createConsumer(): ConsumerRecord {
    const n = this.next("token");
    const consumer = { key: this.random.hex(`consumer-key:${n}`, 32), secret: this.random.hex(`consumer-secret:${n}`, 16) };
    this.consumers.set(consumer.key, consumer);
    this.markDirty("consumer", consumer.key);
    if (this.meta.defaultConsumer === null) this.meta.defaultConsumer = consumer.key;
    return consumer;
  }

  createAccount(init: AccountInit, nowSeconds: number): AccountRecord {
    const n = this.next("account");
    const numeric = this.random.digits(`account:${n}`, 9);
    const nsid = `${numeric}@N0${1 + (n % 9)}`;
    const commons = init.commons ?? false;
    const username = init.username ?? (n === 1 ? "Heritage Sandbox Institution" : `sandbox user ${n}`);
    const account: AccountRecord = {
      nsid,
      username,
      realname: init.realname ?? "",
      commons,
      pro: init.pro ?? true,
      geoPrivacyDefault: init.geoPrivacyDefault ?? true,
      defaultLicense: commons ? 7 : 0,
      pathAlias: null,
      iconServer: String(this.random.int(`icon:${n}`, 1000, 65535)),
      iconFarm: this.random.int(`iconfarm:${n}`, 1, 66),
      joined: nowSeconds,
    };
    this.accounts.set(nsid, account);
    this.markDirty("account", nsid);
    return account;
  }

  /** Keep an account's defaults in line with its flags (e.g. `--no-commons` on a restart). */
  updateAccount(account: AccountRecord, flags: Pick<AccountRecord, "commons" | "pro" | "geoPrivacyDefault">): void {
    Object.assign(account, flags, { defaultLicense: flags.commons ? 7 : 0 });
    this.markDirty("account", account.nsid);
  }

  /** An access token in Flickr's shape (`72157…-hex16`, secret hex16). */
  createToken(consumerKey: string, nsid: string, perms: TokenRecord["perms"], isDefault = false): TokenRecord {
    const n = this.next("token");
    const token: TokenRecord = {
      token: `72157${this.random.digits(`token:${n}`, 12)}-${this.random.hex(`token-tail:${n}`, 16)}`,
      secret: this.random.hex(`token-secret:${n}`, 16),
      consumerKey,
      nsid,
      perms,
      revoked: false,
    };
    this.tokens.set(token.token, token);
    this.markDirty("token", token.token);
    if (isDefault) this.meta.defaultToken = token.token;
    return token;
  }

  createRequestToken(consumerKey: string, callback: string): RequestTokenRecord {
    const n = this.next("token");
    const record: RequestTokenRecord = {
      token: `72157${this.random.digits(`request-token:${n}`, 12)}-${this.random.hex(`request-token-tail:${n}`, 16)}`,
      secret: this.random.hex(`request-token-secret:${n}`, 16),
      consumerKey,
      callback,
      verifier: null,
      nsid: null,
      perms: null,
    };
    this.requestTokens.set(record.token, record);
    return record;
  }

  /** A verifier as Flickr shows it without a callback: `123-456-789`. */
  newVerifier(requestToken: string): string {
    const d = this.random.digits(`verifier:${requestToken}`, 9);
    return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
  }

  revokeToken(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    record.revoked = true;
    this.markDirty("token", token);
    return true;
  }

  // ---- photos ---------------------------------------------------------------------------------

  newPhotoId(): string {
    return String(PHOTO_ID_BASE + this.next("photo"));
  }

  /** A photo's secret for its n-th version (replace changes it). */
  newSecret(photoId: string, version: number, kind: "secret" | "originalsecret"): string {
    return this.random.hex(`${kind}:${photoId}:${version}`, 10);
  }

  newPhotosetId(): string {
    return String(PHOTOSET_ID_BASE + BigInt(this.next("photoset")));
  }

  newCommentId(photoId: string, author: string): string {
    return `${numericId(author)}-${photoId}-${COMMENT_ID_BASE + BigInt(this.next("comment"))}`;
  }

  /** The global id of a normalised tag (assigned on first use, as Flickr's are). */
  tagGlobalId(normalized: string): number {
    let id = this.tagIds.get(normalized);
    if (id === undefined) {
      id = this.next("tag") + 1000;
      this.tagIds.set(normalized, id);
      this.markDirty("tagid", normalized);
    }
    return id;
  }

  indexTag(normalized: string, photoId: string): void {
    let set = this.tagIndex.get(normalized);
    if (!set) this.tagIndex.set(normalized, (set = new Set()));
    set.add(photoId);
  }

  unindexTag(normalized: string, photoId: string): void {
    const set = this.tagIndex.get(normalized);
    if (!set) return;
    set.delete(photoId);
    if (set.size === 0) this.tagIndex.delete(normalized);
  }

  addPhoto(photo: PhotoRecord): void {
    this.photos.set(photo.id, photo);
    for (const tag of photo.tags) this.indexTag(tag.normalized, photo.id);
    this.markDirty("photo", photo.id);
  }

  /** Record an edit: lastupdate moves on (Flickr bumps it on every change, tags and comments too). */
  touchPhoto(photo: PhotoRecord, nowSeconds: number): void {
    photo.lastUpdate = Math.max(nowSeconds, photo.lastUpdate);
    this.markDirty("photo", photo.id);
  }

  /** Delete a photo everywhere: its tags from the index, itself from every album (empty albums go). */
  deletePhoto(id: string, nowSeconds: number): void {
    const photo = this.photos.get(id);
    if (!photo) return;
    for (const tag of photo.tags) this.unindexTag(tag.normalized, id);
    this.photos.delete(id);
    this.markDirty("photo", id);
    for (const set of this.photosets.values()) {
      if (set.photos.includes(id)) this.removeFromSet(set, id, nowSeconds);
    }
  }

  /** Take a photo out of an album; a new primary is chosen, and an emptied album disappears (as on Flickr). */
  removeFromSet(set: PhotosetRecord, photoId: string, nowSeconds: number): void {
    set.photos = set.photos.filter((p) => p !== photoId);
    set.updated = nowSeconds;
    if (set.photos.length === 0) {
      this.photosets.delete(set.id);
    } else if (set.primary === photoId) {
      set.primary = set.photos[0]!;
    }
    this.markDirty("photoset", set.id);
  }

  /** Albums of an owner in the user's order (newest first, as photosets.create puts new ones first). */
  setsOf(nsid: string): PhotosetRecord[] {
    return [...this.photosets.values()].filter((s) => s.owner === nsid).reverse();
  }

  /** Number of photos an account holds (for the free-account cap). */
  countPhotos(nsid: string): number {
    let n = 0;
    for (const p of this.photos.values()) if (p.owner === nsid) n++;
    return n;
  }
}

/** The numeric part of an NSID (`12345678@N01` → `12345678`), used in tag and comment ids. */
export function numericId(nsid: string): string {
  return nsid.split("@")[0] ?? nsid;
}
