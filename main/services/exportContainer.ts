// The portable case export file: a small clear header (format, scrypt cost, salt), then one stream in
// the store's chunked AES-256-GCM format (storeCipher.ts) under a key derived from the export
// passphrase. Inside: named entries, each a 4-byte length, a JSON head { name, size } and `size` bytes,
// and an end entry. Written and read as streams: a 150 MB case never sits in memory, and nothing of it
// is written anywhere in clear.
import { randomBytes, scryptSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, open, rm, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.ts';
import { CipherReader, encryptChunks } from '../dicom/storeCipher.ts';

const MAGIC = Buffer.from('PRECISx1', 'latin1');
const CLEAR_HEADER_BYTES = 32;
const CONTEXT = 'case-export';
// scrypt cost: 2^17 x 8 x 128 B = 128 MiB and about 0.4 s per export or import. Higher than the data
// directory's, because an export file travels and can be attacked offline at leisure.
const LOG_N = 17;
const R = 8;
const P = 1;

export interface EntrySource {
  name: string;
  size: number;
  bytes: AsyncIterable<Uint8Array>;
}

export interface EntryRead {
  name: string;
  size: number;
  /** Must be read to its end before the next entry. */
  bytes: AsyncGenerator<Buffer>;
}

function exportKey(passphrase: string, logN: number, r: number, p: number, salt: Buffer): Buffer {
  const N = 2 ** logN;
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 2 * 128 * N * r });
}

function entryHead(head: Record<string, unknown>): Buffer {
  const json = Buffer.from(JSON.stringify(head), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length, 0);
  return Buffer.concat([length, json]);
}

async function* framed(entries: AsyncIterable<EntrySource>): AsyncGenerator<Uint8Array> {
  for await (const entry of entries) {
    yield entryHead({ name: entry.name, size: entry.size });
    let written = 0;
    for await (const piece of entry.bytes) {
      written += piece.length;
      yield piece;
    }
    if (written !== entry.size) throw new Error(`export entry ${entry.name} had ${written} bytes, not ${entry.size}`);
  }
  yield entryHead({ end: true });
}

/** Writes a new export file at `path` (never over an existing one); a partial file is removed. */
export async function writeContainer(path: string, passphrase: string, entries: AsyncIterable<EntrySource>): Promise<void> {
  const salt = randomBytes(16);
  const header = Buffer.alloc(CLEAR_HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(LOG_N, 8);
  header.writeUInt8(R, 9);
  header.writeUInt8(P, 10);
  salt.copy(header, 16);
  const key = exportKey(passphrase, LOG_N, R, P, salt);
  async function* body(): AsyncGenerator<Uint8Array> {
    yield header;
    yield* encryptChunks(framed(entries), key, CONTEXT);
  }
  const partial = `${path}.partial-${process.pid}`;
  try {
    await pipeline(Readable.from(body()), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    await link(partial, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new AppError('file-exists', `${path} already exists: choose another name, nothing was overwritten.`);
      throw error;
    });
  } finally {
    await rm(partial, { force: true });
  }
}

/** The inner encrypted stream starts after the clear header: CipherReader reads it through this view. */
function offsetHandle(handle: FileHandle, offset: number): FileHandle {
  const view = {
    stat: async () => ({ size: (await handle.stat()).size - offset }),
    read: (buffer: Buffer, at: number, length: number, position: number) => handle.read(buffer, at, length, position + offset),
  };
  return view as unknown as FileHandle;
}

/** Pulls exact byte counts out of the decrypted chunks. */
class ByteSource {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly chunks: AsyncGenerator<Buffer>;

  constructor(chunks: AsyncGenerator<Buffer>) {
    this.chunks = chunks;
  }

  async *take(length: number): AsyncGenerator<Buffer> {
    let left = length;
    while (left > 0) {
      if (this.buffered.length === 0) {
        const next = await this.chunks.next();
        if (next.done) throw new AppError('export-corrupt', 'The export file ends early: it is incomplete or damaged; export the case again.');
        this.buffered = next.value;
      }
      const piece = this.buffered.subarray(0, left);
      this.buffered = this.buffered.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }

  async read(length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const piece of this.take(length)) parts.push(piece);
    return Buffer.concat(parts);
  }
}

export interface OpenedContainer {
  entries(): AsyncGenerator<EntryRead>;
  close(): Promise<void>;
}

/** Opens an export file; refuses a wrong passphrase (code wrong-key) before anything is read out. */
export async function openContainer(path: string, passphrase: string): Promise<OpenedContainer> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(CLEAR_HEADER_BYTES);
    await handle.read(header, 0, CLEAR_HEADER_BYTES, 0);
    if (!header.subarray(0, 8).equals(MAGIC)) throw new AppError('not-an-export', `${path} is not a Precis case export.`);
    const key = exportKey(passphrase, header.readUInt8(8), header.readUInt8(9), header.readUInt8(10), header.subarray(16));
    const reader = await CipherReader.open(offsetHandle(handle, CLEAR_HEADER_BYTES), key, CONTEXT);
    await reader.chunk(0).catch(() => {
      throw new AppError('wrong-key', 'This passphrase does not open the export file (or the file is damaged): use the passphrase given at export.');
    });
    const source = new ByteSource(reader.chunks());
    return { entries: () => readEntries(source), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function* readEntries(source: ByteSource): AsyncGenerator<EntryRead> {
  for (;;) {
    const length = (await source.read(4)).readUInt32BE(0);
    const head = JSON.parse((await source.read(length)).toString('utf8')) as { name?: string; size?: number; end?: boolean };
    if (head.end) return;
    yield { name: String(head.name), size: Number(head.size), bytes: source.take(Number(head.size)) };
  }
}
