/**
 * libvips keeps its error text in one process-wide buffer, so two decodes failing at the same
 * time can swap or lose their messages (a truncated JPEG reported as "old-style JPEG", or
 * "Unknown error"; see src/image/deep-check.ts). Decodes run concurrently through `shared`;
 * a decode that failed is run again through `exclusive`, which waits until no other decode of
 * the report is running and holds new ones back, so the reason a placeholder shows is its own.
 * Process-wide on purpose, like the buffer it protects.
 */

let running = 0;
let drained: (() => void)[] = [];
/** Exclusive decodes asked for and not finished: while there are any, no shared one starts. */
let pending = 0;
/** The end of the queue of exclusive decodes. */
let tail: Promise<void> = Promise.resolve();

/** Run a decode alongside others (once no exclusive one is due). */
export async function shared<T>(fn: () => Promise<T>): Promise<T> {
  while (pending > 0) await tail;
  running++;
  try {
    return await fn();
  } finally {
    running--;
    if (running === 0) for (const wake of drained.splice(0)) wake();
  }
}

/** Run a decode with no other decode running; exclusive decodes run one after the other. */
export async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  pending++;
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const before = tail;
  tail = before.then(() => mine);
  await before;
  while (running > 0) await new Promise<void>((resolve) => drained.push(resolve));
  try {
    return await fn();
  } finally {
    pending--;
    release();
  }
}
