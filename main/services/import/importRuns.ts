// Imports leave a trace in the library's audit chain even when they are killed: 'dicom.import.started'
// (with the process id and an import id) when one begins, a finish record when it ends, and, for one
// whose process died without a finish record, a 'dicom.import.aborted' written by the next import.
import { hostname } from 'node:os';
import type { Library } from '../../library/index.ts';
import { processAlive } from '../../storage/processes.ts';

export const STARTED = 'dicom.import.started';
export const FINISHED = 'dicom.import';
export const FAILED = 'dicom.import.failed';
export const ABORTED = 'dicom.import.aborted';

interface StartedRun {
  seq: number;
  importId: string;
  pid: number;
  host: string;
}


/** Started imports that have no finish record (yet). */
function unfinished(library: Library): StartedRun[] {
  const rows = library.auditLog.find([STARTED, FINISHED, FAILED, ABORTED]);
  const open = new Map<string, StartedRun>();
  for (const row of rows) {
    const detail = JSON.parse(row.detail) as { importId?: string; pid?: number; host?: string };
    if (!detail.importId) continue; // imports recorded before this trace existed
    if (row.action === STARTED) open.set(detail.importId, { seq: row.seq, importId: detail.importId, pid: Number(detail.pid), host: String(detail.host) });
    else open.delete(detail.importId);
  }
  return [...open.values()];
}

/** Records every import on this machine whose process is gone without a finish record; returns how many. */
export function recordAbortedImports(library: Library): number {
  const here = hostname();
  // One write transaction: two imports starting at once do not both record the same dead one.
  return library.locked(() => {
    let recorded = 0;
    for (const run of unfinished(library)) {
      if (run.host !== here || processAlive(run.pid)) continue;
      library.audit({
        actor: 'precis',
        action: ABORTED,
        caseId: null,
        detail: { importId: run.importId, pid: run.pid, startedSeq: run.seq, reason: 'its process ended without finishing (killed or crashed)' },
      });
      recorded++;
    }
    return recorded;
  });
}

export function recordStarted(library: Library, importId: string, actor: string): void {
  library.audit({ actor, action: STARTED, caseId: null, detail: { importId, pid: process.pid, host: hostname() } });
}
