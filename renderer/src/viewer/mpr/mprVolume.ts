// The one volume the three MPR views share: built and loaded once, whatever view asks first, and freed
// when the last of them lets go. Its id is the MPR's own, so that a viewport switched to Volume never
// shares (and frees) it.
import type { Types } from '@cornerstonejs/core';
import type { InstanceSummary } from '../../../../preload/api.ts';
import { buildVolume, loadSlices, releaseVolume } from '../volumeLoad.ts';

export type MprVolume = { ok: true; volume: Types.IImageVolume } | { ok: false; reason: string };

interface Entry {
  users: number;
  ready: Promise<MprVolume>;
  abort: AbortController;
  volumeId: string;
}

const entries = new Map<string, Entry>();

const volumeIdOf = (instance: InstanceSummary): string => `cornerstoneStreamingImageVolume:precis-mpr-${instance.caseId}-${instance.SeriesInstanceUID}`;

async function loadVolume(instances: readonly InstanceSummary[], volumeId: string, signal: AbortSignal): Promise<MprVolume> {
  const built = await buildVolume(instances, volumeId);
  if (!built.ok) return built;
  const slices = await loadSlices(built.volume, signal);
  if (!slices) return { ok: false, reason: 'Loading was stopped.' };
  if (slices.loaded < slices.total) throw new Error(`${slices.total - slices.loaded} of its ${slices.total} slices could not be read`);
  return built;
}

/** The series' MPR volume, loaded; call releaseMprVolume(key) once per acquire. */
export function acquireMprVolume(instances: readonly InstanceSummary[]): { key: string; ready: Promise<MprVolume> } {
  const first = instances[0];
  if (!first) return { key: '', ready: Promise.resolve({ ok: false, reason: 'This series has no images.' }) };
  const key = volumeIdOf(first);
  let entry = entries.get(key);
  if (!entry) {
    const abort = new AbortController();
    entry = { users: 0, abort, volumeId: key, ready: loadVolume(instances, key, abort.signal) };
    entries.set(key, entry);
  }
  entry.users += 1;
  return { key, ready: entry.ready };
}

/** One view lets go; the last one frees the volume (call after its viewport dropped the volume's actor). */
export function releaseMprVolume(key: string): void {
  const entry = entries.get(key);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entries.delete(key);
  entry.abort.abort();
  releaseVolume(entry.volumeId);
}
