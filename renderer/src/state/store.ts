// App state in one plain store (zustand), outside React, with a revision counter per async load so a
// late answer never overwrites a newer selection (the OHIF lesson).
import { create } from 'zustand';
import type { InstanceSummary, JobStatus, PatientSummary, SeriesSummary, StudySummary } from '../../../preload/api.ts';

export interface OpenSeries {
  patient: PatientSummary;
  study: StudySummary;
  series: SeriesSummary;
  instances: InstanceSummary[];
}

export interface AppState {
  query: string;
  /** The pages of the patient list loaded so far, in name order. */
  patients: PatientSummary[];
  patientsLoaded: boolean;
  /** How many patients match the query in all (the list may hold fewer rows so far). */
  patientsTotal: number;
  /** Cursor of the next page, null when every matching patient is loaded. */
  patientsNext: string | null;
  selectedPatient: PatientSummary | null;
  studies: StudySummary[];
  seriesByStudy: Record<string, SeriesSummary[]>;
  open: OpenSeries | null;
  jobs: Record<string, JobStatus>;
  error: string | null;
  browserCollapsed: boolean;
  revision: number;
}

export const useApp = create<AppState>(() => ({
  query: '',
  patients: [],
  patientsLoaded: false,
  patientsTotal: 0,
  patientsNext: null,
  selectedPatient: null,
  studies: [],
  seriesByStudy: {},
  open: null,
  jobs: {},
  error: null,
  browserCollapsed: false,
  revision: 0,
}));

export const setState = useApp.setState;
export const getState = useApp.getState;

/** Starts an async load; the returned check says whether its result is still wanted. */
export function beginLoad(): () => boolean {
  const revision = getState().revision + 1;
  setState({ revision });
  return () => getState().revision === revision;
}
