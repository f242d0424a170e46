// Every user action is a named command: buttons, shortcuts and tests call these.
import type { PatientSummary, SeriesSummary, StudySummary } from '../../preload/api.ts';
import { precis } from './api/client.ts';
import { mainSeries } from './browser/mainSeries.ts';
import { beginLoad, getState, setState } from './state/store.ts';

/** Shows an API error in the app's error bar. */
export function reportError(error: unknown): void {
  setState({ error: error instanceof Error ? error.message : String(error) });
}

/** Rows per page of the patient list: a few screenfuls, so scrolling rarely waits for a page. */
const PATIENT_PAGE = 200;
/** The cursor whose page is being fetched, so a burst of scroll events asks for it once. */
let pendingCursor: string | null = null;

/** Starts the patient list over for `query`: its first page and the count of all matches. */
export async function searchPatients(query: string): Promise<void> {
  setState({ query });
  try {
    const page = await precis().patients.search({ query, limit: PATIENT_PAGE });
    if (getState().query !== query) return;
    pendingCursor = null;
    setState({ patients: page.items, patientsNext: page.next, patientsTotal: page.total, patientsLoaded: true });
  } catch (error) {
    reportError(error);
  }
}

/** Appends the next page of the patient list (the list asks when its end scrolls into view). */
export async function loadMorePatients(): Promise<void> {
  const { query, patientsNext } = getState();
  if (patientsNext === null || pendingCursor === patientsNext) return;
  pendingCursor = patientsNext;
  try {
    const page = await precis().patients.search({ query, cursor: patientsNext, limit: PATIENT_PAGE });
    const now = getState();
    // A search or a refresh since the request started replaced the list: this page is not its continuation.
    if (now.query !== query || now.patientsNext !== patientsNext) return;
    setState({ patients: [...now.patients, ...page.items], patientsNext: page.next, patientsTotal: page.total });
  } catch (error) {
    reportError(error);
  } finally {
    if (pendingCursor === patientsNext) pendingCursor = null;
  }
}

/**
 * Shows a patient's studies and opens the main series of the newest study that has one
 * (`openMain: false` keeps what is open, for a refresh of the patient being read).
 */
export async function selectPatient(patient: PatientSummary, options: { openMain?: boolean } = {}): Promise<void> {
  const current = beginLoad();
  setState({ selectedPatient: patient, studies: [], seriesByStudy: {} });
  try {
    const studies = await precis().studies.list({ caseId: patient.caseId });
    if (!current()) return;
    setState({ studies });
    const entries = await Promise.all(
      studies.map(async (s) => [s.StudyInstanceUID, await precis().series.list({ caseId: patient.caseId, StudyInstanceUID: s.StudyInstanceUID })] as const),
    );
    if (!current()) return;
    const seriesByStudy = Object.fromEntries(entries);
    setState({ seriesByStudy });
    if (options.openMain === false) return;
    const study = studies.find((s) => mainSeries(seriesByStudy[s.StudyInstanceUID] ?? []));
    if (study) await openStudy(study);
  } catch (error) {
    reportError(error);
  }
}

/** Opens a study of the selected patient on its main series (the largest image series). */
export async function openStudy(study: StudySummary): Promise<void> {
  const main = mainSeries(getState().seriesByStudy[study.StudyInstanceUID] ?? []);
  if (main) await openSeries(study, main);
}

export async function openSeries(study: StudySummary, series: SeriesSummary): Promise<void> {
  const { selectedPatient: patient, open } = getState();
  if (!patient) return;
  // Already on screen (e.g. opened with its study): reloading would only reset the image and the window.
  if (open && open.patient.caseId === patient.caseId && open.series.SeriesInstanceUID === series.SeriesInstanceUID) return;
  const current = beginLoad();
  try {
    const instances = await precis().series.instances({ caseId: series.caseId, SeriesInstanceUID: series.SeriesInstanceUID });
    if (current()) setState({ open: { patient, study, series, instances } });
  } catch (error) {
    reportError(error);
  }
}

/** Opens the next or previous series of the open study (Page Down / Page Up). */
export function stepSeries(delta: 1 | -1): void {
  const { open, seriesByStudy } = getState();
  if (!open) return;
  const list = seriesByStudy[open.study.StudyInstanceUID] ?? [];
  const index = list.findIndex((s) => s.SeriesInstanceUID === open.series.SeriesInstanceUID);
  const next = list[index + delta];
  if (next) void openSeries(open.study, next);
}

/**
 * After the library changed: reloads as many patients as were listed, so the list keeps its place, and
 * re-reads the selected patient's studies when `changedCaseIds` names it (or, when the caller does not
 * know what changed, when its image count moved).
 */
export async function refreshLibrary(changedCaseIds?: readonly string[]): Promise<void> {
  const loaded = getState().patients.length;
  await searchPatients(getState().query);
  while (getState().patients.length < loaded && getState().patientsNext !== null) {
    const before = getState().patients.length;
    await loadMorePatients();
    if (getState().patients.length === before) break; // a newer search took over, or the page failed
  }
  const { selectedPatient: selected, open } = getState();
  if (selected) {
    const fresh = getState().patients.find((p) => p.caseId === selected.caseId);
    const changed = changedCaseIds ? changedCaseIds.includes(selected.caseId) : fresh?.instanceCount !== selected.instanceCount;
    // New images for the patient being read update the lists but leave the open series in place.
    if (fresh && changed) await selectPatient(fresh, { openMain: open?.patient.caseId !== fresh.caseId });
  }
}

export async function loadDemoCase(): Promise<void> {
  try {
    // Its progress and result reach the status bar as job events (events/followEvents.ts).
    await precis().demo.load({});
  } catch (error) {
    reportError(error);
  }
}

export async function cancelJob(jobId: string): Promise<void> {
  try {
    await precis().jobs.cancel({ jobId });
  } catch (error) {
    reportError(error);
  }
}

export function dismissError(): void {
  setState({ error: null });
}

export function toggleBrowser(): void {
  setState({ browserCollapsed: !getState().browserCollapsed });
}
