// Text files read line by line as a stream, plain or gzip (also BGZF, whose blocks are gzip members),
// so that a ClinVar release or a million-record VCF is never held whole in memory.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The file's lines (without their line ends); stops early when `signal` aborts. */
export async function* readLines(path: string, signal?: AbortSignal): AsyncGenerator<string> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const text: Readable = isGzip(path) ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  if (text !== file) file.on('error', (error) => text.destroy(error));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (signal?.aborted) return;
      yield line;
    }
  } finally {
    lines.close();
    text.destroy();
    file.destroy();
  }
}

/** The first `max` lines only (headers, kind detection). */
export async function firstLines(path: string, max: number): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(path)) {
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}
