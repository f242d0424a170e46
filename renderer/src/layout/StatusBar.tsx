import { useState } from 'react';
import type { ImportFailure, JobStatus } from '../../../preload/api.ts';
import { cancelJob } from '../commands.ts';
import { useApp } from '../state/store.ts';
import type { UploadProgress } from '../importing/uploadFiles.ts';

const PHASES: Record<string, string> = { queued: 'Waiting', starting: 'Starting import', scanning: 'Reading headers', storing: 'Storing', done: 'Imported', cancelled: 'Cancelled' };

/** A few words per failure code, so that a full disk reads as one cause rather than a list of files. */
const FAILURE_LABELS: Partial<Record<ImportFailure['code'], string>> = {
  'no-space': 'not stored: the disk is full',
  'not-dicom': 'not DICOM',
  truncated: 'truncated',
  'missing-uid': 'no UID',
};

function FileList({ testId, items }: { testId: string; items: Array<{ path: string; reason: string }> }) {
  return (
    <ul className="failures" data-testid={testId}>
      {items.map((f) => (
        <li key={f.path}>{f.path.split('/').slice(-2).join('/')}: {f.reason}</li>
      ))}
    </ul>
  );
}

function JobReport({ job }: { job: JobStatus }) {
  const [open, setOpen] = useState(false);
  // An analyze job's result belongs to the AI results panel (issue 14, item 4), not to the import line.
  if (job.kind !== 'import') return null;
  if (job.state === 'failed') return <span className="job error" data-testid="import-result">Import failed: {job.error?.message}</span>;
  const r = job.report;
  if (!r) return null;
  const noSpace = r.failed.filter((f) => f.code === 'no-space').length;
  const causes = [...new Set(r.failed.map((f) => f.code))].map((code) => FAILURE_LABELS[code]).filter(Boolean);
  return (
    <span className="job" data-testid="import-result">
      {r.cancelled ? 'Import cancelled' : 'Import finished'}: {r.imported} imported, {r.skipped} already in the library, {r.failed.length} not imported
      {r.conflicts.length > 0 && <span data-testid="import-conflicts">, {r.conflicts.length} conflicting with stored images (kept apart)</span>}
      {causes.length > 0 && <> ({causes.join(', ')})</>}
      {noSpace > 0 && <strong className="error" data-testid="import-no-space"> Free space on the data directory's disk, then import again.</strong>}
      {r.failed.length + r.conflicts.length > 0 && (
        <>
          {' '}
          <button className="link" onClick={() => setOpen(!open)}>{open ? 'hide' : 'details'}</button>
          {open && r.conflicts.length > 0 && <FileList testId="import-conflict-list" items={r.conflicts} />}
          {open && r.failed.length > 0 && <FileList testId="import-failures" items={r.failed} />}
        </>
      )}
    </span>
  );
}

export function StatusBar({ upload }: { upload: (UploadProgress & { cancel: () => void }) | null }) {
  const jobs = Object.values(useApp((s) => s.jobs));
  // Queued jobs show too ("Waiting", cancellable): a job waiting its turn is not lost.
  // An intended-use check (a second or less) shows on the AI tab's Run button, not here.
  const running = jobs.filter((j) => (j.state === 'running' || j.state === 'queued') && j.kind !== 'analyze-check');
  // The store keeps finished jobs in the order they finished (state/jobMerge.ts): the last one is the newest result.
  const last = jobs.filter((j) => j.state !== 'running' && j.state !== 'queued').at(-1);
  return (
    <footer className="status-bar" aria-live="polite">
      {upload && (
        <span className="job" data-testid="import-progress">
          Uploading <span className="num">{upload.done}/{upload.total}</span>
          <progress max={upload.total} value={upload.done} />
          <button onClick={upload.cancel} title="Cancel the import">Cancel</button>
        </span>
      )}
      {running.map((job) => (
        <span className="job" key={job.jobId} data-testid="import-progress" data-job-state={job.state}>
          {job.kind === 'analyze' ? `Model run: ${job.phase}` : job.kind === 'mask-edit' ? `Saving the mask edit: ${job.phase}` : (PHASES[job.phase] ?? job.phase)}
          {job.state === 'running' && (
            <>
              {' '}<span className="num">{job.done}/{job.total}</span>
              <progress max={job.total || 1} value={job.done} />
            </>
          )}
          <button onClick={() => void cancelJob(job.jobId)} title={job.kind === 'analyze' ? 'Cancel the model run: no results are kept' : 'Cancel the import: series already stored stay'}>Cancel</button>
        </span>
      ))}
      {!upload && running.length === 0 && last && <JobReport job={last} />}
      <span className="spacer" />
      <span className="secure" title="Case files are encrypted at rest; the app makes no network requests">Encrypted · offline</span>
    </footer>
  );
}
