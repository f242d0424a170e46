// One run of the ct-lung-emphysema model over a volume: sliding window (the graph thresholds and closes),
// then lungs from connected components, then the biomarkers. The model is injected as a RunPatch, so
// a test, a bench or the job's child process chooses the runtime; the settings come from its manifest.
import { asBiomarkers, lungBiomarkers, type Biomarker, type LungBiomarkers } from './biomarkers.ts';
import { lungMask } from './lungPostprocess.ts';
import { channelBit, slidingWindow, type PatchShape, type RunPatch } from './slidingWindow.ts';
import type { Volume } from './volume.ts';

export interface LungEmphysemaSettings {
  /** manifest.slidingWindow.patchSize, [depth, height, width] voxels. */
  patch: PatchShape;
  /** manifest.slidingWindow.overlap. */
  overlap: number;
  /** manifest.postprocessing threshold of the blended output. */
  threshold: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface LungEmphysemaResult {
  /** 0 other, 1 right lung, 2 left lung (volume voxel order). */
  lungLabels: Uint8Array;
  /** 1 where the voxel is below -950 HU (the graph's channel 1), anywhere in the volume. */
  below950: Uint8Array;
  measures: LungBiomarkers;
  biomarkers: Biomarker[];
  warnings: string[];
}

export async function runLungEmphysema(volume: Volume, run: RunPatch, settings: LungEmphysemaSettings): Promise<LungEmphysemaResult> {
  const bits = await slidingWindow(volume, run, { ...settings, channels: 2 });
  settings.signal?.throwIfAborted();
  const { candidate, below950 } = splitChannels(bits);
  const { labels, warnings } = lungMask(candidate, below950, volume);
  const measures = lungBiomarkers(labels, below950, volume.spacing);
  return { lungLabels: labels, below950, measures, biomarkers: asBiomarkers(measures), warnings };
}

/** The graph's two channels as 0/1 masks: the lung candidate in `bits`' own buffer (lungMask uses it up), below -950 HU in a new one. */
export function splitChannels(bits: Uint8Array): { candidate: Uint8Array; below950: Uint8Array } {
  const below950 = new Uint8Array(bits.length);
  const lung = channelBit(0);
  const low = channelBit(1);
  // Four voxels at a time (channel 0 is bit 0, channel 1 bit 1): each byte's bits stay in their byte under these masks and shifts.
  const aligned = bits.byteOffset % 4 === 0;
  const whole = aligned ? bits.length >> 2 : 0;
  const words = aligned ? new Uint32Array(bits.buffer, bits.byteOffset, whole) : new Uint32Array(0);
  const lowWords = new Uint32Array(below950.buffer, 0, whole);
  for (let w = 0; w < whole; w++) {
    const b = words[w] as number;
    if (b === 0) continue;
    lowWords[w] = (b >>> 1) & 0x01010101;
    words[w] = b & 0x01010101;
  }
  for (let v = whole * 4; v < bits.length; v++) {
    const b = bits[v] as number;
    if (b & low) below950[v] = 1;
    bits[v] = b & lung;
  }
  return { candidate: bits, below950 };
}
