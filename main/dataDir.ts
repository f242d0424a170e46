import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** --data-dir, else PRECIS_DATA_DIR, else the XDG data home. */
export function resolveDataDir(flag: string | undefined): string {
  if (flag) return resolve(flag);
  if (process.env.PRECIS_DATA_DIR) return resolve(process.env.PRECIS_DATA_DIR);
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'precis');
}
