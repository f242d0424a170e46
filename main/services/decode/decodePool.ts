// Decoding with GDCM off the main thread: a few long-lived child processes (decodeChild.ts; a crash or
// an abort fails the images that child was decoding, and the next request starts a new one), and the
// decoded frames of the last few instances kept briefly, since the viewer asks for one frame at a time.
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DecodedFrames } from '../../dicom/decode/gdcmDecode.ts';

const KEEP_MS = 60_000;
const KEEP_BYTES = 256 * 1024 * 1024;
/**
 * Children decoding at once. GDCM decodes one file per call with 60-300 ms of set-up each (the
 * pipeline's module is instantiated per call), mostly single-threaded: a second child overlaps one
 * file's set-up with another's decode while the viewer prefetches a series (4 requests in flight).
 * Each child holds about 60 MB; more than two would only compete with the renderer for the cores.
 */
const CHILDREN = Math.max(1, Math.min(2, availableParallelism()));

// From the sources it runs as .ts; the Electron bundle must ship it as decode-child.mjs beside it.
const fromSources = import.meta.url.endsWith('.ts');
const childEntry = fileURLToPath(fromSources ? new URL('../../dicom/decode/decodeChild.ts', import.meta.url) : new URL('./decode-child.mjs', import.meta.url));

interface Pending {
  resolve(result: DecodedFrames): void;
  reject(error: Error): void;
}

interface Child {
  process: ChildProcess;
  /** Requests sent to this child and not yet answered. */
  pending: Map<number, Pending>;
}

interface Cached {
  at: number;
  bytes: number;
  result: Promise<DecodedFrames>;
}

const sizeOf = (d: DecodedFrames): number => d.frames.reduce((sum, f) => sum + f.byteLength, 0);

export class DecodePool {
  private readonly children: Array<Child | null> = [];
  private nextId = 1;
  private readonly cache = new Map<string, Cached>();

  private readonly size: number;

  constructor(size: number = CHILDREN) {
    this.size = size;
  }

  /** The least busy child; a new one while fewer than `size` run and each has work. */
  private pick(): Child {
    let best: Child | null = null;
    for (const child of this.children) if (child && (!best || child.pending.size < best.pending.size)) best = child;
    if (best && best.pending.size === 0) return best;
    const free = this.children.findIndex((c) => c === null);
    const slot = free >= 0 ? free : this.children.length < this.size ? this.children.length : -1;
    return slot >= 0 ? this.start(slot) : (best as Child);
  }

  private start(slot: number): Child {
    // In Electron, process.execPath is Electron itself: run it as plain Node for the child.
    const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
    const proc = fork(childEntry, [], { env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const child: Child = { process: proc, pending: new Map() };
    proc.on('message', (message: { id: number; result?: DecodedFrames; error?: string }) => {
      const waiting = child.pending.get(message.id);
      child.pending.delete(message.id);
      if (message.result) waiting?.resolve(message.result);
      else waiting?.reject(new Error(message.error ?? 'the decoder returned nothing'));
    });
    proc.on('exit', (code, signal) => {
      if (this.children[slot] === child) this.children[slot] = null;
      const why = new Error(`the image decoder stopped (${signal ?? `exit code ${code}`})`);
      for (const waiting of child.pending.values()) waiting.reject(why);
      child.pending.clear();
    });
    // An idle child keeps neither the app nor a test process alive.
    proc.unref();
    proc.channel?.unref();
    this.children[slot] = child;
    return child;
  }

  private request(bytes: Uint8Array): Promise<DecodedFrames> {
    const child = this.pick();
    const id = this.nextId++;
    child.process.channel?.ref();
    return new Promise<DecodedFrames>((resolve, reject) => {
      child.pending.set(id, { resolve, reject });
      child.process.send({ id, bytes });
    }).finally(() => {
      if (child.pending.size === 0) child.process.channel?.unref();
    });
  }

  /** Starts a child and loads its decoder now (85-230 ms), so that the first image does not wait for it. */
  warm(): void {
    if (this.children.some((child) => child !== null)) return;
    this.pick().process.send({ warm: true });
  }

  /** Every frame of an instance; `key` names it (case and SOP Instance UID), `read` gives its bytes. */
  decode(key: string, read: () => Promise<Uint8Array>): Promise<DecodedFrames> {
    this.prune();
    const hit = this.cache.get(key);
    if (hit) {
      hit.at = Date.now();
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.result;
    }
    const entry: Cached = { at: Date.now(), bytes: 0, result: read().then((bytes) => this.request(bytes)) };
    this.cache.set(key, entry);
    entry.result.then((d) => (entry.bytes = sizeOf(d)), () => this.cache.delete(key));
    return entry.result;
  }

  private prune(): void {
    const now = Date.now();
    let total = 0;
    for (const [key, entry] of [...this.cache.entries()].reverse()) {
      total += entry.bytes;
      if (now - entry.at > KEEP_MS || total > KEEP_BYTES) this.cache.delete(key);
    }
  }

  close(): void {
    for (const child of this.children) child?.process.kill();
    this.children.length = 0;
    this.cache.clear();
  }
}

/** The one pool of this process (web host and Electron protocol alike). */
export const decodePool = new DecodePool();
