// Reads of stored DICOM files through /dicom/ are audited once per series and session: the viewer
// fetches hundreds of images per series, and the record that matters is "who looked at which series".
import type { Core } from '../core.ts';
import type { Session } from './sessions.ts';

/** Remembers that this session has a record for the series (e.g. series.instances wrote series.view). */
export function markSeriesAudited(session: Session, caseId: string, seriesInstanceUID: string): void {
  session.auditedSeries.add(`${caseId}/${seriesInstanceUID}`);
}

/** Writes one `series.read` row in the case's audit the first time this session reads an image of a series. */
export function auditInstanceRead(core: Core, session: Session, caseId: string, sopInstanceUID: string): void {
  if (!core.library.hasCase(caseId)) return;
  const caseFile = core.library.openCase(caseId);
  const series = caseFile.imaging.seriesOf(sopInstanceUID);
  if (!series) return;
  const key = `${caseId}/${series}`;
  if (session.auditedSeries.has(key)) return;
  session.auditedSeries.add(key);
  caseFile.audit('series.read', core.actor, { SeriesInstanceUID: series, via: 'web' });
}

/** Writes one `inference.mask.read` row the first time this session reads a run's mask (or its header). */
export function auditMaskRead(core: Core, session: Session, caseId: string, runId: string): void {
  if (!core.library.hasCase(caseId)) return;
  const key = `${caseId}/mask/${runId}`;
  if (session.auditedSeries.has(key)) return;
  const caseFile = core.library.openCase(caseId);
  const mask = caseFile.inferenceMasks.get(runId);
  if (!mask) return;
  session.auditedSeries.add(key);
  caseFile.audit('inference.mask.read', core.actor, { runId, SeriesInstanceUID: mask.SeriesInstanceUID, via: 'web' });
}
