/**
 * The simulated public wired to a running sandbox: the library controls, the JSON body of
 * `POST /sandbox/community`, and the crowd's tick before each API call. Every change is committed
 * at once (the store's flush), as an API call's would be.
 */
import type { SandboxConfig } from "../options.js";
import type { SeededRandom } from "../random.js";
import type { SandboxStore } from "../store.js";
import { addContribution, crowdContributions, crowdTicker, CommunityInputError, type CommunityControls, type CommunityInput, type CommunityResult } from "./community.js";

export type { CommunityControls } from "./community.js";

export interface WiredCommunity {
  controls: CommunityControls;
  /** The body of POST /sandbox/community: one contribution, a list, or `{crowd: n}`. */
  control(body: unknown): CommunityResult[];
  tick(nowMs: number): void;
}

export function communityControls(store: SandboxStore, config: SandboxConfig, random: SeededRandom): WiredCommunity {
  const now = () => Math.floor(config.clock() / 1000);
  const committed = <T>(fn: () => T): T => {
    try {
      return fn();
    } finally {
      store.flush();
    }
  };
  const controls: CommunityControls = {
    add: (input) => committed(() => addContribution(store, input, now(), config.maxTagsPerPhoto)),
    crowd: (n) => committed(() => crowdContributions(store, random, n, now(), config.maxTagsPerPhoto)),
  };
  const ticker = crowdTicker(store, random, config.communityRate, config.maxTagsPerPhoto, config.clock());
  return {
    controls,
    control(body) {
      if (body && typeof body === "object" && "crowd" in body) {
        const n = Number((body as { crowd: unknown }).crowd);
        if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new CommunityInputError('"crowd" must be a whole number from 0 to 100000');
        return controls.crowd(n);
      }
      const list = Array.isArray(body) ? (body as CommunityInput[]) : [body as CommunityInput];
      // All or nothing would need a rollback the store does not have: each item stands alone, in order.
      return list.map((input) => controls.add(input));
    },
    tick: (nowMs) => committed(() => ticker(nowMs)),
  };
}
