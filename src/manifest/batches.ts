/**
 * Rows in batches (issue 12): a reader that parses a chunk of the file at once hands that
 * chunk's rows on together, so a 100,000-row manifest costs one await per batch, not one per
 * row in every layer (reader → row finishing → the caller).
 */
import type { OpenedManifest, ReadRow } from "./types.js";

/** Rows gathered into one batch when the reader has no batches of its own. */
const BATCH_ROWS = 256;

/** The rows of the batches, one at a time and in order (how `rows()` is built on `batches()`). */
export async function* flattenBatches<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/** An opened manifest's rows in batches: its own when it has them, else its rows gathered. */
export async function* rowBatches(opened: OpenedManifest): AsyncGenerator<ReadRow[]> {
  if (opened.batches) {
    yield* opened.batches();
    return;
  }
  let batch: ReadRow[] = [];
  for await (const row of opened.rows()) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
