// The core both adapters (Electron, web host) and the CLI stand on: an unlocked library and its jobs.
import { mkdirSync } from 'node:fs';
import { Library } from './library/index.ts';
import type { StagingAccess } from './dicom/source.ts';
import { stagingAccess } from './dicom/staging.ts';
import { EventBus } from './events.ts';
import { JobManager } from './jobs/jobManager.ts';
import { unlockMasterKey, type MasterKeySource } from './security/keys.ts';
import { encryptClearStore, restrictPermissions } from './services/storeUpgrade.ts';

export interface Core {
  dataDir: string;
  library: Library;
  jobs: JobManager;
  /** Every event the transports forward to the renderer. */
  events: EventBus;
  actor: string;
  /** Where this process stages uploads (encrypted) until their import. */
  staging: StagingAccess;
  close(): Promise<void>;
}

export function openCore(dataDir: string, keySource: MasterKeySource, actor: string): Core {
  // Everything this process creates (SQLite files and their WAL, store files, staged uploads, folders)
  // is readable by this user only.
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  restrictPermissions(dataDir);
  const masterKey = unlockMasterKey(dataDir, keySource);
  const library = Library.open(dataDir, masterKey);
  const upgraded = encryptClearStore(library);
  if (upgraded > 0) library.audit({ actor, action: 'store.encrypt-clear', caseId: null, detail: { files: upgraded } });
  const events = new EventBus();
  const jobs = new JobManager(dataDir, masterKey, events);
  return {
    dataDir,
    library,
    jobs,
    events,
    actor,
    staging: stagingAccess(dataDir, masterKey),
    async close() {
      await jobs.close();
      library.close();
    },
  };
}
