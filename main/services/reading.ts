// What a user reads: the patient list, a patient's studies and series, a series' instances. The API
// handlers and the CLI both call these, so lookup, audit and mapping happen once: every search and
// every opened case or series leaves its audit row, whoever asked.
import type { InstanceSummary, PatientPage, PatientSummary, SeriesSummary, StudySummary } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import type { CaseFile } from '../library/index.ts';
import { decodeCursor, encodeCursor } from '../library/patientCursor.ts';

/** The case, or a not-found error a person can act on. */
export function openKnownCase(core: Core, caseId: string): CaseFile {
  if (!core.library.hasCase(caseId)) throw new AppError('not-found', 'This patient is not in the library any more.');
  return core.library.openCase(caseId);
}

/** One page of the patient list (a cursor from the previous page, or none for the first). */
export function searchPatientPage(core: Core, query: string, cursor: string | undefined, limit: number): PatientPage {
  const page = core.library.patientPage(query, cursor === undefined ? null : decodeCursor(cursor), limit);
  core.library.audit({ actor: core.actor, action: 'patients.search', caseId: null, detail: { results: page.items.length } });
  return { items: page.items, next: page.nextKey ? encodeCursor(page.nextKey) : null, total: core.library.countPatients(query) };
}

/** Every matching patient, up to `limit` (the CLI's plain list). */
export function searchAllPatients(core: Core, query: string, limit: number): PatientSummary[] {
  const patients = core.library.searchPatients(query, limit);
  core.library.audit({ actor: core.actor, action: 'patients.search', caseId: null, detail: { results: patients.length } });
  return patients;
}

/** A patient's studies: opening a case is audited in the library and in the case. */
export function openCaseStudies(core: Core, caseId: string): StudySummary[] {
  const caseFile = openKnownCase(core, caseId);
  core.library.audit({ actor: core.actor, action: 'case.open', caseId, detail: {} });
  caseFile.audit('case.open', core.actor, {});
  return caseFile.imaging.listStudies();
}

export function listSeries(core: Core, caseId: string, studyInstanceUID: string): SeriesSummary[] {
  return openKnownCase(core, caseId).imaging.listSeries(studyInstanceUID);
}

/** A series' instances in display order: viewing a series is audited in the case. */
export function viewSeries(core: Core, caseId: string, seriesInstanceUID: string): InstanceSummary[] {
  const caseFile = openKnownCase(core, caseId);
  caseFile.audit('series.view', core.actor, { SeriesInstanceUID: seriesInstanceUID });
  return caseFile.imaging.listInstances(seriesInstanceUID);
}

/** The patient a command line names (its case id or PatientID), or not-found. */
export function findPatient(core: Core, caseIdOrPatientId: string): PatientSummary {
  const caseId = core.library.findCase(caseIdOrPatientId);
  const patient = caseId ? core.library.index.summary(caseId) : null;
  if (!patient) throw new AppError('not-found', `No patient "${caseIdOrPatientId}" in the library.`);
  return patient;
}

/** Studies with their series, for listing a whole case (CLI `precis series`). */
export function caseOverview(core: Core, caseId: string): Array<StudySummary & { series: SeriesSummary[] }> {
  const caseFile = openKnownCase(core, caseId);
  const studies = caseFile.imaging.listStudies().map((study) => ({ ...study, series: caseFile.imaging.listSeries(study.StudyInstanceUID) }));
  caseFile.audit('series.list', core.actor, { studies: studies.length });
  return studies;
}
