/**
 * What the account's settings cost this run (issue 12): a photo whose licence is the account's
 * default for new uploads costs no setLicense. When many new photos share another licence,
 * making that the account's default (on flickr.com, Settings → Privacy & Permissions) saves
 * their calls — less those of the photos that now rely on the current default, which would then
 * need a setLicense of their own. Licence 7 (No known copyright restrictions) cannot be set by
 * a call at all, so a change away from it is never advised while a photo relies on it.
 *
 * (Flickr's geo import preference saves nothing here: heritage places photos with setLocation,
 * never from the copy's EXIF, so it is not advised.)
 */
import { licenseById } from "../flickr/licenses.js";
import type { AccountSaving, PlanItem } from "./types.js";

export type { AccountSaving } from "./types.js";

/** The licence whose becoming the account's default saves this run the most calls, if any would. */
export function accountSettingSavings(items: readonly PlanItem[], accountDefault: number | null): AccountSaving[] {
  const setAfterUpload = new Map<number, number>();
  let relyOnDefault = 0;
  for (const item of items) {
    if (item.disposition !== "new") continue;
    for (const a of item.actions) {
      if (a.kind === "set" && a.group === "license" && a.to.license_id != null && a.calls.length > 0) setAfterUpload.set(a.to.license_id, (setAfterUpload.get(a.to.license_id) ?? 0) + 1);
      if (a.kind === "record" && a.group === "license" && a.to.license_id != null && a.to.license_id === accountDefault) relyOnDefault++;
    }
  }
  // Photos relying on licence 7 could not be given it by a call once the default changed.
  if (accountDefault === 7 && relyOnDefault > 0) return [];
  const best = [...setAfterUpload].filter(([id]) => id !== 7 && id !== accountDefault).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  if (!best) return [];
  const calls = best[1] - relyOnDefault;
  return calls > 0 ? [{ setting: "default-license", licenseId: best[0], name: licenseById(best[0])?.name ?? `licence ${best[0]}`, calls }] : [];
}

/** "set your account's default licence to Public Domain Mark: saves 558 calls, about 9 min" (time at `perHour`). */
export function describeSaving(s: AccountSaving, duration: (calls: number) => string): string {
  return `set your account's default licence to ${s.name} (on flickr.com, before the run): saves ${s.calls.toLocaleString("en")} call${s.calls === 1 ? "" : "s"}, ${duration(s.calls)}`;
}
