/**
 * The account facet of the state: what the state knows of the Flickr account and endpoint it
 * was published with, as typed fields. They live in the `meta` key/value table; this module is
 * the only one that knows the keys and how each value is written.
 *
 * Reading is forgiving on purpose: a key this version does not know (written by an older or a
 * newer heritage, or the WAL seal's own rows) is left alone, and a value that does not parse (an
 * older heritage wrote "NaN" as the account's default licence when Flickr did not say) reads as
 * unknown — every field here is a cache that heritage fills again from Flickr when it is unknown.
 */
import type { FlickrPerms } from "../flickr/credentials.js";
import type { Statements } from "./statements.js";

export interface AccountMeta {
  /** Which Flickr the state is for: "flickr", "sandbox" or an endpoint URL (see targetName). */
  endpoint: string | null;
  nsid: string | null;
  username: string | null;
  /** The permission the token was last verified with. */
  perms: FlickrPerms | null;
  /** The fingerprint of the token last verified on this state (null: verify again). */
  verifiedToken: string | null;
  /** The licence id Flickr gives the account's uploads by default (0 is All Rights Reserved). */
  defaultLicense: number | null;
  /** When the empty-state guard last asked Flickr (seconds since the epoch). */
  emptyStateCheckedAt: number | null;
  /**
   * false: a run found that Flickr did not take date taken from an upload's EXIF, although the
   * probe said it does (later plans send setDates); null: not seen otherwise.
   */
  exifDateTaken: boolean | null;
}

interface Codec<T> {
  key: string;
  parse(value: string): T | null;
  format(value: T): string;
}

/** A permission level as Flickr names it, or null for anything else. */
export function toFlickrPerms(value: string | null | undefined): FlickrPerms | null {
  return value === "read" || value === "write" || value === "delete" ? value : null;
}

const text = (key: string): Codec<string> => ({ key, parse: (v) => (v === "" ? null : v), format: (v) => v });
const whole = (key: string): Codec<number> => ({ key, parse: (v) => (/^\d+$/.test(v) ? Number(v) : null), format: (v) => String(v) });

const CODECS: { [K in keyof AccountMeta]: Codec<NonNullable<AccountMeta[K]>> } = {
  endpoint: text("endpoint"),
  nsid: text("nsid"),
  username: text("username"),
  perms: { key: "perms", parse: toFlickrPerms, format: (v) => v },
  verifiedToken: text("verified_token"),
  defaultLicense: whole("account_default_license"),
  emptyStateCheckedAt: whole("empty_state_checked"),
  exifDateTaken: { key: "exif_date_taken", parse: (v) => (v === "no" ? false : v === "yes" ? true : null), format: (v) => (v ? "yes" : "no") },
};

const FIELDS = Object.keys(CODECS) as (keyof AccountMeta)[];

export class AccountFacet {
  constructor(private readonly s: Statements) {}

  get<K extends keyof AccountMeta>(field: K): AccountMeta[K] {
    const codec = CODECS[field];
    const row = this.s.sql("SELECT value FROM meta WHERE key = ?").get(codec.key) as { value: string } | undefined;
    return (row === undefined ? null : codec.parse(row.value)) as AccountMeta[K];
  }

  read(): AccountMeta {
    return {
      endpoint: this.get("endpoint"),
      nsid: this.get("nsid"),
      username: this.get("username"),
      perms: this.get("perms"),
      verifiedToken: this.get("verifiedToken"),
      defaultLicense: this.get("defaultLicense"),
      emptyStateCheckedAt: this.get("emptyStateCheckedAt"),
      exifDateTaken: this.get("exifDateTaken"),
    };
  }

  /**
   * Write the given fields (those present in `patch`) in one transaction. Null — or a value that
   * would not read back, such as the NaN of a licence Flickr did not report, or an empty
   * string — removes the field, so it reads as unknown and is asked for again.
   */
  set(patch: Partial<AccountMeta>): void {
    this.s.transaction(() => {
      for (const field of FIELDS) {
        const value = patch[field];
        if (value === undefined) continue;
        const codec = CODECS[field] as Codec<NonNullable<typeof value>>;
        const formatted = value === null ? null : codec.format(value);
        if (formatted === null || codec.parse(formatted) === null) this.s.sql("DELETE FROM meta WHERE key = ?").run(codec.key);
        else this.s.sql("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(codec.key, formatted);
      }
    });
  }
}
