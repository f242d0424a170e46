// The store's file format as the import writes it (SealedFileWriter): whatever the file's size and
// however its bytes arrive, the reader gives back exactly the original bytes, and a file cut at a chunk
// boundary or with a chunk changed does not decrypt.
import { randomBytes } from 'node:crypto';
import { open, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, CipherReader, HEADER_BYTES, SealedFileWriter } from '../../main/dicom/storeCipher.ts';
import { removeTempDirs, tempDir } from './support/env.ts';

const key = randomBytes(32);
const dir = tempDir('store-cipher');

async function seal(name: string, bytes: Buffer, pieceBytes: number): Promise<string> {
  const path = join(dir, name);
  const handle = await open(path, 'wx', 0o600);
  try {
    const writer = new SealedFileWriter(handle, key, name);
    // One reused piece buffer, overwritten after each push, as the import's reader does.
    const piece = Buffer.alloc(pieceBytes);
    for (let at = 0; at < bytes.length; at += pieceBytes) {
      const length = Math.min(pieceBytes, bytes.length - at);
      bytes.copy(piece, 0, at, at + length);
      await writer.push(piece.subarray(0, length));
      piece.fill(0xee);
    }
    await writer.end();
  } finally {
    await handle.close();
  }
  return path;
}

async function unseal(path: string, name: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const reader = await CipherReader.open(handle, key, name);
    const parts: Buffer[] = [];
    for await (const part of reader.chunks()) parts.push(part);
    return Buffer.concat(parts);
  } finally {
    await handle.close();
  }
}

afterAll(() => removeTempDirs());

describe('the sealed store file', () => {
  const sizes = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES, 3 * CHUNK_BYTES + 712];
  const pieces = [1000, CHUNK_BYTES, 1024 * 1024];
  it.each(sizes.flatMap((size) => pieces.map((piece) => [size, piece])))('gives back %i bytes written in pieces of %i exactly', async (size, piece) => {
    // Failing: a stored image is not the file that was imported (a chunk lost, doubled or overwritten).
    const bytes = randomBytes(size);
    const name = `f-${size}-${piece}`;
    const path = await seal(name, bytes, piece);
    expect((await unseal(path, name)).equals(bytes)).toBe(true);
    const chunks = Math.max(1, Math.ceil(size / CHUNK_BYTES));
    expect((await readFile(path)).length).toBe(HEADER_BYTES + size + chunks * 16);
  });

  it('refuses a file cut at a chunk boundary, a changed byte, or another file name', async () => {
    // Failing: a truncated or altered image is shown as if it were whole.
    const bytes = randomBytes(2 * CHUNK_BYTES + 100);
    const path = await seal('whole', bytes, 1024 * 1024);
    const cut = join(dir, 'whole-cut');
    await writeFile(cut, await readFile(path));
    await truncate(cut, HEADER_BYTES + 2 * (CHUNK_BYTES + 16));
    await expect(unseal(cut, 'whole')).rejects.toMatchObject({ code: 'store-corrupt' });
    const changed = await readFile(path);
    changed.writeUInt8(changed.readUInt8(HEADER_BYTES + 10) ^ 1, HEADER_BYTES + 10);
    await writeFile(join(dir, 'whole-changed'), changed);
    await expect(unseal(join(dir, 'whole-changed'), 'whole')).rejects.toMatchObject({ code: 'store-corrupt' });
    await expect(unseal(path, 'another-name')).rejects.toMatchObject({ code: 'store-corrupt' });
  });
});
