// Measurement reports imported into the case (DICOM SR, TID 1500, e.g. from dcmqi): the measurements
// that are not drawn on this case's images (no geometry, or images not here) listed as the report wrote
// them: name, how it was derived, value and unit. Read again whenever the case changes or imports.
import { useEffect, useState } from 'react';
import type { ImportedReport, ReportMeasurement } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';
import { useApp } from '../../state/store.ts';

const derivationOf = (m: ReportMeasurement): string =>
  m.modifiers.map((mod) => (typeof mod.value === 'string' ? mod.value : mod.value.meaning)).join(', ');

export function ImportedReports({ caseId }: { caseId: string }) {
  const [reports, setReports] = useState<ImportedReport[]>([]);
  const [error, setError] = useState<string | null>(null);
  // A finished import may have brought a report into this case.
  const jobsDone = useApp((s) => Object.values(s.jobs).filter((j) => j.state === 'done').length);
  useEffect(() => {
    let cancelled = false;
    precis().reports.list({ caseId })
      .then((list) => { if (!cancelled) { setReports(list); setError(null); } })
      .catch((e: unknown) => { if (!cancelled) setError(`The imported reports could not be read: ${(e as Error).message}`); });
    return () => {
      cancelled = true;
    };
  }, [caseId, jobsDone]);
  if (error) return <p className="error" role="alert">{error}</p>;
  const shown = reports.filter((r) => r.measurements.length > 0);
  if (shown.length === 0) return null;
  return (
    <section className="imported-reports" data-testid="imported-reports">
      {shown.map((report) => (
        <div key={report.SOPInstanceUID} className="imported-report" data-testid="imported-report">
          <h4>
            {report.title} <span className="muted">· {report.observer ?? 'unknown observer'} · {report.contentDateTime.slice(0, 8)}</span>
          </h4>
          <table className="report-measurements">
            <tbody>
              {report.measurements.map((m, k) => (
                <tr key={k} data-testid="report-measurement">
                  <td data-testid="report-measurement-name">{m.name.meaning}{m.trackingIdentifier ? <span className="muted"> · {m.trackingIdentifier}</span> : null}</td>
                  <td className="muted">{derivationOf(m)}</td>
                  <td className="numeric" data-testid="report-measurement-value">{m.numericValue ?? (m.value === null ? '—' : String(m.value))}</td>
                  <td data-testid="report-measurement-unit">{m.unit?.meaning ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
