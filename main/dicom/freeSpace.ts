// Free space on the data directory's disk, checked before a series is copied: a series that cannot fit
// is refused whole instead of filling the disk and failing midway.
import { statfs } from 'node:fs/promises';

/** Room kept beside the files themselves (bytes): the case file's rows and SQLite's WAL, the library
 *  index, and a little slack for the rest of the system on that disk. */
const FIXED_MARGIN = 16 * 1024 * 1024;
/** Per byte of file stored: encryption and file system overhead (2 %). */
const PROPORTIONAL_MARGIN = 0.02;

/** `PRECIS_NO_SPACE_CHECK=1` skips the check: for file systems whose statfs misreports free space (some
 *  network and FUSE mounts), and for tests of a disk that fills up during an import. */
const skipCheck = (): boolean => process.env.PRECIS_NO_SPACE_CHECK === '1';

export interface SpaceVerdict {
  fits: boolean;
  /** Bytes available to this (unprivileged) process. */
  free: number;
  /** Bytes the files and the margin need. */
  needed: number;
}

export async function checkFreeSpace(dataDir: string, bytes: number): Promise<SpaceVerdict> {
  const needed = Math.ceil(bytes * (1 + PROPORTIONAL_MARGIN)) + FIXED_MARGIN;
  if (skipCheck()) return { fits: true, free: Number.POSITIVE_INFINITY, needed };
  const info = await statfs(dataDir);
  const free = info.bavail * info.bsize;
  return { fits: needed <= free, free, needed };
}

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
