// Every user action is a named command: buttons, shortcuts and tests call these.
import type { PatientSummary, SeriesSummary, StudySummary } from '../../preload/api.ts';
import { precis } from './api/client.ts';
import { beginLoad, getState, setState } from './state/store.ts';

function reportError(error: unknown): void {
  setState({ error: error instanceof Error ? error.message : String(error) });
}

export async function searchPatients(query: string): Promise<void> {
  setState({ query });
  try {
    const patients = await precis().patients.search({ query, limit: 500 });
    if (getState().query === query) setState({ patients, patientsLoaded: true });
  } catch (error) {
    reportError(error);
  }
}

export async function selectPatient(patient: PatientSummary): Promise<void> {
  const current = beginLoad();
  setState({ selectedPatient: patient, studies: [], seriesByStudy: {} });
  try {
    const studies = await precis().studies.list({ caseId: patient.caseId });
    if (!current()) return;
    setState({ studies });
    const entries = await Promise.all(
      studies.map(async (s) => [s.StudyInstanceUID, await precis().series.list({ caseId: patient.caseId, StudyInstanceUID: s.StudyInstanceUID })] as const),
    );
    if (current()) setState({ seriesByStudy: Object.fromEntries(entries) });
  } catch (error) {
    reportError(error);
  }
}

export async function openSeries(study: StudySummary, series: SeriesSummary): Promise<void> {
  const patient = getState().selectedPatient;
  if (!patient) return;
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

export async function refreshLibrary(): Promise<void> {
  await searchPatients(getState().query);
  const selected = getState().selectedPatient;
  if (selected) {
    const fresh = getState().patients.find((p) => p.caseId === selected.caseId);
    if (fresh && fresh.instanceCount !== selected.instanceCount) await selectPatient(fresh);
  }
}

export async function loadDemoCase(): Promise<void> {
  try {
    const { jobId } = await precis().demo.load({});
    watchJob(jobId);
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

/** Follows a job by polling as well as by events, so a missed event never leaves a stale bar. */
export function watchJob(jobId: string): void {
  const poll = async (): Promise<void> => {
    try {
      const status = await precis().jobs.get({ jobId });
      setState({ jobs: { ...getState().jobs, [jobId]: status } });
      if (status.state === 'running') setTimeout(() => void poll(), 500);
      else await refreshLibrary();
    } catch (error) {
      reportError(error);
    }
  };
  void poll();
}

export function dismissError(): void {
  setState({ error: null });
}

export function toggleBrowser(): void {
  setState({ browserCollapsed: !getState().browserCollapsed });
}
