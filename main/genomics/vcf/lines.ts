// Streams the text lines of a VCF, plain or gzip/BGZF (BGZF is multi-member gzip, which zlib's gunzip
// reads member after member), in batches per chunk so that a million-line file costs a million string
// slices and a few hundred awaits, not a million awaits.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export interface LineBatch {
  /** Lines without their line ends. */
  readonly lines: string[];
  /** 1-based line number of lines[0]. */
  readonly firstLine: number;
  /** Bytes of the file (compressed, as on disk) read so far. */
  readonly bytesRead: number;
}

const CHUNK = 1 << 20;

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The file's lines in batches; stops with an AbortError when `signal` aborts. */
export async function* readLineBatches(path: string, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  const file = createReadStream(path, { highWaterMark: CHUNK, signal });
  const gzip = await isGzip(path);
  const text = gzip ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  if (gzip) file.on('error', (error) => text.destroy(error));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNumber = 1;
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      const data = rest + decoder.write(chunk);
      const lines = data.split('\n');
      rest = lines.pop() ?? '';
      trimCarriageReturns(lines);
      yield { lines, firstLine: lineNumber, bytesRead: file.bytesRead };
      lineNumber += lines.length;
    }
  } finally {
    if (!file.destroyed) file.destroy();
    if (text !== file && !text.destroyed) text.destroy();
  }
  const last = rest + decoder.end();
  if (last.length > 0) yield { lines: trimCarriageReturns([last]), firstLine: lineNumber, bytesRead: file.bytesRead };
}

function trimCarriageReturns(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  return lines;
}
