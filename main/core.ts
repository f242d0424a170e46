// The core both adapters (Electron, web host) and the CLI stand on: an unlocked library and its jobs.
import { mkdirSync } from 'node:fs';
import { Library } from './library/index.ts';
import { JobManager } from './jobs/jobManager.ts';
import { unlockMasterKey, type MasterKeySource } from './security/keys.ts';

export interface Core {
  dataDir: string;
  library: Library;
  jobs: JobManager;
  actor: string;
  close(): Promise<void>;
}

export function openCore(dataDir: string, keySource: MasterKeySource, actor: string): Core {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const masterKey = unlockMasterKey(dataDir, keySource);
  const library = Library.open(dataDir, masterKey);
  const jobs = new JobManager(dataDir, masterKey);
  return {
    dataDir,
    library,
    jobs,
    actor,
    async close() {
      await jobs.close();
      library.close();
    },
  };
}
