// The Genomics tab's state outside React (a plain zustand store, as the app's): the open case's page of
// variants with its filters, sort and cursor trail, and the selected variant's evidence. A late answer
// for another case or an older query is dropped, never shown for another patient.
import { create } from 'zustand';
import type { VariantDetail, VariantFilters, VariantSortKey, VariantTablePage } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';

export const PAGE_SIZE = 200;

interface GenomicsState {
  caseId: string | null;
  filters: VariantFilters;
  sort: VariantSortKey;
  descending: boolean;
  /** Cursors of the pages shown so far (null = first page): Previous goes back one. */
  trail: Array<string | null>;
  page: VariantTablePage | null;
  loading: boolean;
  selected: number | null;
  detail: VariantDetail | null;
  error: string | null;
}

export const useGenomics = create<GenomicsState>(() => ({
  caseId: null, filters: {}, sort: 'position', descending: false, trail: [null], page: null, loading: false, selected: null, detail: null, error: null,
}));
const set = useGenomics.setState;
const get = useGenomics.getState;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let query = 0;

async function loadPage(): Promise<void> {
  const { caseId, filters, sort, descending, trail } = get();
  if (!caseId) return;
  const mine = ++query;
  set({ loading: true });
  try {
    const page = await precis().variants.table({ caseId, filters, sort, descending, cursor: trail.at(-1) ?? null, limit: PAGE_SIZE });
    if (mine === query) set({ page, loading: false, error: null });
  } catch (error) {
    if (mine === query) set({ loading: false, error: message(error) });
  }
}

export function openCase(caseId: string | null): void {
  if (get().caseId === caseId) return;
  set({ caseId, filters: {}, sort: 'position', descending: false, trail: [null], page: null, selected: null, detail: null, error: null });
  void loadPage();
}

export function reload(): void {
  void loadPage();
}

export function setFilter<K extends keyof VariantFilters>(key: K, value: VariantFilters[K] | undefined): void {
  const filters = { ...get().filters };
  if (value === undefined || value === '') delete filters[key];
  else filters[key] = value;
  set({ filters, trail: [null] });
  void loadPage();
}

export function sortBy(key: VariantSortKey): void {
  const { sort, descending } = get();
  set({ sort: key, descending: sort === key ? !descending : false, trail: [null] });
  void loadPage();
}

export function nextPage(): void {
  const next = get().page?.next;
  if (!next) return;
  set({ trail: [...get().trail, next] });
  void loadPage();
}

export function previousPage(): void {
  if (get().trail.length < 2) return;
  set({ trail: get().trail.slice(0, -1) });
  void loadPage();
}

export async function selectVariant(variantId: number): Promise<void> {
  const caseId = get().caseId;
  if (!caseId) return;
  set({ selected: variantId });
  try {
    const detail = await precis().variants.detail({ caseId, variantId });
    if (get().selected === variantId && get().caseId === caseId) set({ detail });
  } catch (error) {
    set({ error: message(error) });
  }
}

/**
 * Records a clinician's tier or class for a variant (the API audits it and keeps the automatic call), then
 * shows it in the table and the detail. Rejects with the API's own words.
 */
export async function overrideVariant(variantId: number, tier: string, rationale: string): Promise<void> {
  const caseId = get().caseId;
  if (!caseId) return;
  await precis().knowledge.override({ caseId, variantId: String(variantId), tier, rationale });
  void loadPage();
  if (get().selected === variantId) await selectVariant(variantId);
}
