/**
 * What row finishing needs to know of a row's file — is it there as written, is it a file, its
 * size and mtime — for many files at once, taken on a worker thread. At 100,000 rows a `Stats`
 * per file (with its four Date objects, made eagerly on Node 20) and a callback per file cost the
 * main thread about a tenth of a sync's time; the worker sends back three numbers per file, one
 * message per batch, while the main thread works on the batch before (issue 12).
 */
import { statSync, type Stats } from "node:fs";
import { Worker } from "node:worker_threads";

/** A row's file as found: undefined when it cannot be stat'ed (missing, a dangling link, no permission). */
export interface FileFacts {
  isFile: boolean;
  size: number;
  mtimeMs: number;
}

export function factsOf(stats: Stats): FileFacts {
  return { isFile: stats.isFile(), size: stats.size, mtimeMs: stats.mtimeMs };
}

/** The same facts taken here, one file at a time (the fallback, and for a few files). */
export function statFacts(paths: ReadonlyArray<string | null>): Array<FileFacts | undefined> {
  return paths.map((path) => {
    if (path === null) return undefined;
    try {
      const stats = statSync(path, { throwIfNoEntry: false });
      return stats ? factsOf(stats) : undefined;
    } catch {
      return undefined;
    }
  });
}

/**
 * The worker's code, evaluated as a script (no file to find beside a bundle). Per path: 0 cannot
 * be stat'ed, 1 a file, 2 something else; then size and mtime in ms.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { statSync } = require("node:fs");
parentPort.on("message", ({ id, paths }) => {
  const out = new Float64Array(paths.length * 3);
  paths.forEach((path, k) => {
    if (path === null) return;
    let stats;
    try { stats = statSync(path, { throwIfNoEntry: false }); } catch { stats = undefined; }
    if (!stats) return;
    out[3 * k] = stats.isFile() ? 1 : 2;
    out[3 * k + 1] = stats.size;
    out[3 * k + 2] = stats.mtimeMs;
  });
  parentPort.postMessage({ id, out }, [out.buffer]);
});
`;

function decode(out: Float64Array, count: number): Array<FileFacts | undefined> {
  const facts = new Array<FileFacts | undefined>(count);
  for (let k = 0; k < count; k++) facts[k] = out[3 * k] === 0 ? undefined : { isFile: out[3 * k] === 1, size: out[3 * k + 1]!, mtimeMs: out[3 * k + 2]! };
  return facts;
}

/**
 * One worker for one pass over a manifest's rows. `close()` ends it; it holds the process open
 * only while an answer is owed. If the worker cannot start or fails, the files are stat'ed here
 * instead: the answer is the same, only slower.
 */
export interface StatWorkerOptions {
  /**
   * Requests answered here before the worker is started: a manifest of one batch never pays
   * for a thread (about 30 ms). @default 1
   */
  inPlaceFirst?: number;
  /** The worker's code (a test gives one that dies, to see the fallback answer the same). */
  source?: string;
}

export class StatWorker {
  private readonly source: string;
  private inPlace: number;

  constructor(options: StatWorkerOptions = {}) {
    this.source = options.source ?? WORKER_SOURCE;
    this.inPlace = options.inPlaceFirst ?? 1;
  }

  private worker: Worker | null = null;
  private failed = false;
  private next = 0;
  private readonly waiting = new Map<number, { count: number; resolve: (facts: Array<FileFacts | undefined>) => void; paths: ReadonlyArray<string | null> }>();

  stat(paths: ReadonlyArray<string | null>): Promise<Array<FileFacts | undefined>> {
    if (this.inPlace > 0) {
      this.inPlace -= 1;
      return Promise.resolve(statFacts(paths));
    }
    const worker = this.started();
    if (!worker) return Promise.resolve(statFacts(paths));
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, { count: paths.length, resolve, paths });
      // Held open while an answer is owed (else the process could end waiting for it); idle, it holds nothing.
      worker.ref();
      worker.postMessage({ id, paths });
    });
  }

  /** End the worker; anything still asked of it is answered here. */
  close(): void {
    const worker = this.worker;
    this.failed = true;
    this.worker = null;
    for (const [id, job] of this.waiting) {
      this.waiting.delete(id);
      job.resolve(statFacts(job.paths));
    }
    void worker?.terminate();
  }

  private started(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(this.source, { eval: true });
      worker.unref();
      worker.on("message", ({ id, out }: { id: number; out: Float64Array }) => {
        const job = this.waiting.get(id);
        if (!job) return;
        this.waiting.delete(id);
        if (this.waiting.size === 0) worker.unref();
        job.resolve(decode(out, job.count));
      });
      // A worker that dies (or is closed) answers nothing more: what it owed, and everything
      // asked from then on, is stat'ed here.
      const gone = () => {
        if (this.worker !== worker) return;
        this.failed = true;
        this.worker = null;
        for (const [id, job] of this.waiting) {
          this.waiting.delete(id);
          job.resolve(statFacts(job.paths));
        }
      };
      worker.on("error", gone);
      worker.on("exit", gone);
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }
}
