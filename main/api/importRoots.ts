// Which folders import.start may read by path. The Electron shell takes paths from its own file
// dialog ('any'); the web host takes only what lies under folders the person starting it allowed
// (--import-root), so a request cannot make the host scan /etc or a home folder.
import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { AppError } from '../errors.ts';

export type ImportRoots = readonly string[] | 'any';

const inside = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Refuses (code `import-path-refused`) any path that, with symlinks resolved, is not inside one of
 * `roots`; a root that does not exist allows nothing. Paths that do not exist are refused too: there
 * is nothing to import, and the answer must not tell which server paths exist.
 */
export async function assertImportable(paths: readonly string[], roots: ImportRoots): Promise<void> {
  if (roots === 'any') return;
  const realRoots = (await Promise.all(roots.map((root) => realpath(root).catch(() => null)))).filter((r): r is string => r !== null);
  for (const path of paths) {
    const real = await realpath(path).catch(() => null);
    if (real === null || !realRoots.some((root) => inside(real, root))) {
      throw new AppError(
        'import-path-refused',
        `"${path}" is not in a folder this web host may import from: upload the files, or restart Precis with --import-root <folder>.`,
      );
    }
  }
}
