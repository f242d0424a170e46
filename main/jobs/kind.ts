// What a job kind is: long work (import, inference, VCF annotation) that runs off the main thread, in a
// worker thread or, for native code that can abort the process (onnxruntime, large native decoders),
// in a child process, so that a crash fails the job and never the app. A kind is a folder under
// kinds/ (its definition and its runner module) plus one line in registry.ts.
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { Library } from '../library/index.ts';

export type JobHost = 'thread' | 'process';

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
}

/** What the shared start-up (runtime.ts) hands every runner. */
export interface JobRunContext {
  dataDir: string;
  masterKey: Buffer;
  library: Library;
  actor: string;
  /** Aborted when the user cancels: stop at the next safe point and return what was done. */
  signal: AbortSignal;
  /** Throttled to about 20 messages a second; the last of each phase always goes. */
  progress(progress: JobProgress): void;
}

/** The export every runner module has. */
export type JobRun<I, R> = (ctx: JobRunContext, input: I) => Promise<R>;

export interface JobKind<I = unknown, R = unknown> {
  name: string;
  host: JobHost;
  /** Jobs of this kind that run at once in one process; more wait, queued, in order. */
  concurrency: number;
  input: z.ZodType<I>;
  result: z.ZodType<R>;
  /** The module (exporting `run: JobRun<I, R>`) loaded in the worker thread or child process. */
  runner: URL;
  /** The cases a finished job changed: the manager announces them (`library.changed`). */
  changedCases?(result: R): string[];
}

// The sources run as .ts (Node strips the types); the Electron build bundles each runner as
// out/main/job-<kind>.mjs beside the rest (scripts/build.mjs).
const fromSources = import.meta.url.endsWith('.ts');

/** Where a kind's runner module is, from the sources or from the bundle alike. */
export function runnerUrl(kind: string, source: URL): URL {
  return fromSources ? source : new URL(`./job-${kind}.mjs`, import.meta.url);
}

/** The entry a host starts: thread or child process, sources or bundle. */
export function hostEntry(host: JobHost): string {
  const name = host === 'thread' ? 'threadEntry' : 'processEntry';
  return fileURLToPath(fromSources ? new URL(`./${name}.ts`, import.meta.url) : new URL(`./job-${name}.mjs`, import.meta.url));
}
