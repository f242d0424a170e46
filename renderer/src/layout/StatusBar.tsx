import { useState } from 'react';
import type { JobStatus } from '../../../preload/api.ts';
import { cancelJob } from '../commands.ts';
import { useApp } from '../state/store.ts';
import type { UploadProgress } from '../importing/uploadFiles.ts';

const PHASES: Record<string, string> = { starting: 'Starting import', scanning: 'Reading headers', storing: 'Storing', done: 'Imported', cancelled: 'Cancelled' };

function JobReport({ job }: { job: JobStatus }) {
  const [open, setOpen] = useState(false);
  if (job.state === 'failed') return <span className="job error" data-testid="import-result">Import failed: {job.error?.message}</span>;
  const r = job.report;
  if (!r) return null;
  return (
    <span className="job" data-testid="import-result">
      {r.cancelled ? 'Import cancelled' : 'Import finished'}: {r.imported} imported, {r.skipped} already in the library, {r.failed.length} not imported
      {r.failed.length > 0 && (
        <>
          {' '}
          <button className="link" onClick={() => setOpen(!open)}>{open ? 'hide' : 'details'}</button>
          {open && (
            <ul className="failures" data-testid="import-failures">
              {r.failed.map((f) => (
                <li key={f.path}>{f.path.split('/').slice(-2).join('/')}: {f.reason}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </span>
  );
}

export function StatusBar({ upload }: { upload: (UploadProgress & { cancel: () => void }) | null }) {
  const jobs = Object.values(useApp((s) => s.jobs));
  const running = jobs.filter((j) => j.state === 'running');
  const last = jobs.filter((j) => j.state !== 'running').at(-1);
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
        <span className="job" key={job.jobId} data-testid="import-progress">
          {PHASES[job.phase] ?? job.phase} <span className="num">{job.done}/{job.total}</span>
          <progress max={job.total || 1} value={job.done} />
          <button onClick={() => void cancelJob(job.jobId)} title="Cancel the import: series already stored stay">Cancel</button>
        </span>
      ))}
      {!upload && running.length === 0 && last && <JobReport job={last} />}
      <span className="spacer" />
      <span className="secure" title="Case files are encrypted at rest; the app makes no network requests">Encrypted · offline</span>
    </footer>
  );
}
