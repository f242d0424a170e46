// Reading the files an import was given: plain files on disk (a folder, a CD, a USB stick), or uploads
// staged by the app, which are never on disk in clear (encrypted with the staging key, see
// storeCipher.ts). Header reading and copying go through this, so both kinds read alike.
import { open, readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { CipherReader } from './storeCipher.ts';

export const STAGED_CONTEXT = 'staged';

export interface SourceHead {
  bytes: Uint8Array;
  /** True when `bytes` is the whole file. */
  whole: boolean;
  fileSize: number;
}

export interface SourceReader {
  /** The first `length` bytes (into `buffer` when given and large enough). */
  head(path: string, length: number, buffer?: Buffer): Promise<SourceHead>;
  all(path: string): Promise<Buffer>;
  /** The bytes in order; a piece may be overwritten once the next one is asked for (hash or copy it). */
  stream(path: string): AsyncIterable<Uint8Array>;
}

export interface StagingAccess {
  /** Folder of the staged uploads; files under it are encrypted. */
  root: string;
  key: Buffer;
}

/** Pieces of a plain file's bytes: a file up to this size is one piece. */
const PIECE_BYTES = 1024 * 1024;
/** Piece buffers kept for the next files (an import streams a few files at once). */
const MAX_SPARE = 8;
const spare: Buffer[] = [];

/** A plain file's bytes in pieces read into a buffer reused from file to file (a new 1 MiB buffer per
 *  file, and the read a stream needs to find the end, were much of an import's garbage collection).
 *  A piece is valid until the next one is asked for: consumers hash or copy it at once. */
async function* plainPieces(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  const buffer = spare.pop() ?? Buffer.allocUnsafe(PIECE_BYTES);
  try {
    const { size } = await handle.stat();
    for (let offset = 0; offset < size; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(PIECE_BYTES, size - offset), offset);
      if (bytesRead === 0) break; // the file shrank while being read
      offset += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    if (spare.length < MAX_SPARE) spare.push(buffer);
    await handle.close();
  }
}

const plainReader: SourceReader = {
  async head(path, length, buffer) {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const wanted = Math.min(length, size);
      const bytes = buffer && buffer.length >= wanted ? buffer.subarray(0, wanted) : Buffer.alloc(wanted);
      const { bytesRead } = await handle.read(bytes, 0, wanted, 0);
      return { bytes: bytes.subarray(0, bytesRead), whole: bytesRead === size, fileSize: size };
    } finally {
      await handle.close();
    }
  },
  all: (path) => readFile(path),
  stream: plainPieces,
};

async function withCipher<T>(path: string, key: Buffer, use: (reader: CipherReader) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    return await use(await CipherReader.open(handle, key, STAGED_CONTEXT));
  } finally {
    await handle.close();
  }
}

function stagedReader(key: Buffer): SourceReader {
  return {
    head: (path, length) =>
      withCipher(path, key, async (r) => {
        const bytes = await r.head(length);
        return { bytes, whole: bytes.length === r.plainSize, fileSize: r.plainSize };
      }),
    all: (path) => withCipher(path, key, (r) => r.head(r.plainSize)),
    async *stream(path) {
      const handle = await open(path, 'r');
      try {
        yield* (await CipherReader.open(handle, key, STAGED_CONTEXT)).chunks();
      } finally {
        await handle.close();
      }
    },
  };
}

/** Reads plain files, and staged uploads (under `staging.root`) through their key. */
export function sourceReader(staging: StagingAccess | null): SourceReader {
  if (!staging) return plainReader;
  const staged = stagedReader(staging.key);
  const isStaged = (path: string): boolean => path.startsWith(staging.root + sep);
  return {
    head: (path, length, buffer) => (isStaged(path) ? staged.head(path, length) : plainReader.head(path, length, buffer)),
    all: (path) => (isStaged(path) ? staged.all(path) : plainReader.all(path)),
    stream: (path) => (isStaged(path) ? staged.stream(path) : plainReader.stream(path)),
  };
}
