// Decoding with GDCM off the main thread: one long-lived child process (decodeChild.ts; a crash or an
// abort fails the images it was decoding, and the next request starts a new one), and the decoded
// frames of the last few instances kept briefly, since the viewer asks for one frame at a time.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DecodedFrames } from '../../dicom/decode/gdcmDecode.ts';

const KEEP_MS = 60_000;
const KEEP_BYTES = 256 * 1024 * 1024;

// From the sources it runs as .ts; the Electron bundle must ship it as decode-child.mjs beside it.
const fromSources = import.meta.url.endsWith('.ts');
const childEntry = fileURLToPath(fromSources ? new URL('../../dicom/decode/decodeChild.ts', import.meta.url) : new URL('./decode-child.mjs', import.meta.url));

interface Pending {
  resolve(result: DecodedFrames): void;
  reject(error: Error): void;
}

interface Cached {
  at: number;
  bytes: number;
  result: Promise<DecodedFrames>;
}

const sizeOf = (d: DecodedFrames): number => d.frames.reduce((sum, f) => sum + f.byteLength, 0);

export class DecodePool {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly cache = new Map<string, Cached>();

  private start(): ChildProcess {
    if (this.child) return this.child;
    // In Electron, process.execPath is Electron itself: run it as plain Node for the child.
    const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
    const child = fork(childEntry, [], { env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('message', (message: { id: number; result?: DecodedFrames; error?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.result) waiting?.resolve(message.result);
      else waiting?.reject(new Error(message.error ?? 'the decoder returned nothing'));
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const why = new Error(`the image decoder stopped (${signal ?? `exit code ${code}`})`);
      for (const waiting of this.pending.values()) waiting.reject(why);
      this.pending.clear();
    });
    child.unref();
    child.channel?.unref();
    this.child = child;
    return child;
  }

  private request(bytes: Uint8Array): Promise<DecodedFrames> {
    const child = this.start();
    const id = this.nextId++;
    child.channel?.ref();
    return new Promise<DecodedFrames>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ id, bytes });
    }).finally(() => {
      if (this.pending.size === 0) child.channel?.unref();
    });
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
    this.child?.kill();
    this.child = null;
    this.cache.clear();
  }
}

/** The one pool of this process (web host and Electron protocol alike). */
export const decodePool = new DecodePool();
