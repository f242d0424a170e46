// Streams the text lines of a VCF, plain or gzip/BGZF (BGZF is multi-member gzip, which zlib's gunzip
// reads member after member), in batches per chunk so that a million-line file costs a million string
// slices and a few hundred awaits, not a million awaits. The bytes come from a file or any chunk
// source (an encrypted upload decrypted as it is read).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export interface LineBatch {
  /** Lines without their line ends. */
  readonly lines: string[];
  /** 1-based line number of lines[0]. */
  readonly firstLine: number;
  /** Bytes of the source (compressed, as stored) read so far. */
  readonly bytesRead: number;
}

/** The bytes of a VCF as stored (gzip or plain), read from the start each time it is called. A chunk
 *  may be reused by the source once the next is asked for (main/dicom/source.ts does). */
export type ChunkSource = (signal?: AbortSignal) => AsyncIterable<Uint8Array>;

const CHUNK = 1 << 20;

export function fileChunks(path: string): ChunkSource {
  return (signal) => createReadStream(path, { highWaterMark: CHUNK, signal });
}

/** The source's chunks, counted, through gunzip when they start with the gzip magic bytes. */
async function* decompressed(source: ChunkSource, signal: AbortSignal | undefined, counter: { bytes: number }): AsyncGenerator<Buffer> {
  const iterator = source(signal)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* counted(): AsyncGenerator<Uint8Array> {
    try {
      counter.bytes += first.value!.length;
      yield first.value!;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        counter.bytes += next.value.length;
        yield next.value;
      }
    } finally {
      await iterator.return?.(); // closes the file when the reader stops early
    }
  }
  const head = first.value;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // gunzip holds on to chunks while the next ones are read: give it copies.
    async function* copied(): AsyncGenerator<Buffer> {
      for await (const chunk of counted()) yield Buffer.from(chunk);
    }
    const compressed = Readable.from(copied(), { objectMode: false });
    const gunzip = compressed.pipe(createGunzip({ chunkSize: CHUNK }));
    try {
      yield* gunzip as AsyncIterable<Buffer>;
    } finally {
      gunzip.destroy();
      compressed.destroy();
    }
  } else {
    for await (const chunk of counted()) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  }
}

/** The source's lines in batches; stops with an AbortError when `signal` aborts. */
export async function* readLineBatches(source: ChunkSource | string, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  const counter = { bytes: 0 };
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNumber = 1;
  for await (const chunk of decompressed(typeof source === 'string' ? fileChunks(source) : source, signal, counter)) {
    signal?.throwIfAborted();
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    trimCarriageReturns(lines);
    yield { lines, firstLine: lineNumber, bytesRead: counter.bytes };
    lineNumber += lines.length;
  }
  const last = rest + decoder.end();
  if (last.length > 0) yield { lines: trimCarriageReturns([last]), firstLine: lineNumber, bytesRead: counter.bytes };
}

function trimCarriageReturns(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  return lines;
}
