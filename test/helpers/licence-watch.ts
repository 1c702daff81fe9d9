/**
 * "Never public under a wrong licence", checked after every call the sandbox serves: the
 * sandbox's logger is told of each call as it is answered (its state already committed), and
 * the watch looks at every photo then. A photo that is public while its licence is not the one
 * its catalogue row asks for is a violation, recorded with the call that left it so.
 */
import type { Logger } from "../../src/logger.js";
import type { InspectedPhoto } from "../../src/sandbox/index.js";
import { identifierOf } from "./expect-published.js";

export interface LicenceWatch {
  /** Give to the sandbox as its `logger`. */
  logger: Logger;
  /** Start watching: the sandbox's photos, and the licence each identifier's row asks for. */
  watch(photos: () => InspectedPhoto[], wanted: ReadonlyMap<string, number | null>, namespace: string): void;
  /** Calls served while watching, in order (`POST flickr.photos.setPerms → ok`). */
  readonly calls: string[];
  /** Each time a photo was public under another licence: the identifier, the licence, the call. */
  readonly violations: string[];
}

export function licenceWatch(): LicenceWatch {
  let check: ((line: string) => void) | null = null;
  const calls: string[] = [];
  const violations: string[] = [];
  const logger: Logger = {
    debug() {},
    warn() {},
    error() {},
    info(message) {
      if (!check || !/ → /.test(message)) return;
      calls.push(message);
      check(message);
    },
  };
  return {
    logger,
    calls,
    violations,
    watch(photos, wanted, namespace) {
      check = (line) => {
        for (const p of photos()) {
          const id = identifierOf(p, namespace);
          const licence = id === null ? undefined : wanted.get(id);
          if (p.isPublic === 1 && licence !== undefined && p.license !== licence) violations.push(`${id} public under licence ${p.license}, not ${licence}, after ${line}`);
        }
      };
    },
  };
}
