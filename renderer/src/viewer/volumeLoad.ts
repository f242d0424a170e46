// Builds a Cornerstone3D volume from a series' precis: image ids, or says why it cannot: the slices'
// geometry (volumeGeometry.ts) and the voxel type (volumeVoxels.ts) are checked first, so a series that
// would be shown distorted or with wrapped values is refused with a sentence instead.
import {
  cache,
  cornerstoneStreamingImageVolumeLoader,
  Enums,
  imageLoader,
  imageLoadPoolManager,
  metaData,
  volumeLoader,
  type Types,
} from '@cornerstonejs/core';
import type { InstanceSummary } from '../../../preload/api.ts';
import { imageIdsOf } from './imageIds.ts';
import { rememberInstances } from './instanceIndex.ts';
import { checkVolumeGeometry, type SliceGeometry } from './volumeGeometry.ts';
import { voxelTypeProblem } from './volumeVoxels.ts';

const SCHEME = 'cornerstoneStreamingImageVolume';
let registered = false;

export type VolumeBuild = { ok: true; volume: Types.IImageVolume } | { ok: false; reason: string };

const refusal = (why: string): VolumeBuild => ({ ok: false, reason: `This series cannot be shown as a volume: ${why}.` });

/** One volume per series and case: opening it again reuses nothing after dispose (releaseVolume). */
export function volumeIdOf(instance: InstanceSummary): string {
  return `${SCHEME}:precis-${instance.caseId}-${instance.SeriesInstanceUID}`;
}

/** What the API's rows alone refuse, before any geometry: hidden or multi-frame instances. */
function rowsProblem(instances: readonly InstanceSummary[]): string | null {
  const hidden = instances.filter((i) => !i.displayable).length;
  if (hidden > 0) return `${hidden} of its ${instances.length} images cannot be shown, so the volume would have holes`;
  // A multi-frame instance's per-frame positions are in its functional groups, which the API does not carry.
  if (instances.some((i) => i.NumberOfFrames > 1)) return 'it is stored as multi-frame images, whose frame positions are not read yet';
  return null;
}

function slicesOf(instances: readonly InstanceSummary[]): SliceGeometry[] {
  const ids = imageIdsOf(instances);
  return instances.map((i, n) => ({
    id: ids[n] ?? '',
    position: i.ImagePositionPatient,
    orientation: i.ImageOrientationPatient,
    rows: i.Rows,
    columns: i.Columns,
    pixelSpacing: i.PixelSpacing,
  }));
}

/**
 * Decodes the first, middle and last slices: their files answer what the API does not carry (bits,
 * sign, rescale, frame of reference, and pixel spacing where the API has none), and Cornerstone3D
 * picks the volume's voxel type from these three cached images.
 */
async function decodeSamples(ids: readonly string[]): Promise<void> {
  const picks = [...new Set([0, Math.floor(ids.length / 2), ids.length - 1])];
  await Promise.all(picks.map((i) => imageLoader.loadAndCacheImage(ids[i] ?? '', { priority: -5, requestType: Enums.RequestType.Interaction })));
}

interface PixelModules {
  imagePixel?: { bitsStored?: number; pixelRepresentation?: number };
  modalityLut?: { rescaleSlope?: number; rescaleIntercept?: number };
  imagePlane?: { pixelSpacing?: number[] | null };
}

function modulesOf(imageId: string): PixelModules {
  return {
    imagePixel: metaData.get('imagePixelModule', imageId) as PixelModules['imagePixel'],
    modalityLut: metaData.get('modalityLutModule', imageId) as PixelModules['modalityLut'],
    imagePlane: metaData.get('imagePlaneModule', imageId) as PixelModules['imagePlane'],
  };
}

/**
 * Checks the series and creates its (not yet loaded) volume in Cornerstone's cache, under `volumeId`
 * (by default the series' own: the MPR layout names its own, so that it never shares a volume with a
 * viewport switched to Volume).
 */
export async function buildVolume(instances: readonly InstanceSummary[], volumeId = volumeIdOf(instances[0] as InstanceSummary)): Promise<VolumeBuild> {
  const problem = rowsProblem(instances);
  if (problem) return refusal(problem);
  rememberInstances(instances);
  const geometry = checkVolumeGeometry(slicesOf(instances));
  if (!geometry.ok) return geometry;
  const ids = geometry.sortedIds;
  await decodeSamples(ids);
  const first = modulesOf(ids[0] ?? '');
  // Cornerstone3D takes the volume's pixel spacing from the first slice; without one it would assume 1 mm.
  if (!first.imagePlane?.pixelSpacing) return refusal('its images do not say their pixel spacing');
  if (!registered) {
    volumeLoader.registerVolumeLoader(SCHEME, cornerstoneStreamingImageVolumeLoader as unknown as Types.VolumeLoaderFn);
    registered = true;
  }
  const volume = (await volumeLoader.createAndCacheVolume(volumeId, { imageIds: ids })) as Types.IImageVolume;
  const typeProblem = voxelTypeProblem(volume.dataType ?? 'unknown', {
    bitsStored: first.imagePixel?.bitsStored ?? 16,
    signed: first.imagePixel?.pixelRepresentation === 1,
    slope: first.modalityLut?.rescaleSlope ?? 1,
    intercept: first.modalityLut?.rescaleIntercept ?? 0,
  });
  if (typeProblem) {
    releaseVolume(volumeId);
    return refusal(typeProblem);
  }
  return { ok: true, volume };
}

/**
 * Loads every slice's pixels into the volume; resolves with how many loaded, or null when `signal`
 * aborted first (dispose, another series). All slices load before the volume is shown: streaming into a
 * visible viewport redraws it about 50 times, seconds of SwiftShader time (notes, MPR).
 */
export function loadSlices(volume: Types.IImageVolume, signal: AbortSignal): Promise<{ loaded: number; total: number } | null> {
  const release = widenVolumeRequests();
  return new Promise<{ loaded: number; total: number } | null>((resolve) => {
    const onAbort = (): void => resolve(null);
    signal.addEventListener('abort', onAbort, { once: true });
    volume.load((event: unknown) => {
      signal.removeEventListener('abort', onAbort);
      const { framesLoaded = 0, totalNumFrames = volume.imageIds.length } = (event ?? {}) as { framesLoaded?: number; totalNumFrames?: number };
      resolve({ loaded: framesLoaded, total: totalNumFrames });
    });
  }).finally(release);
}

/** Prefetch requests in flight while a volume loads (the stack's prefetching keeps 4). */
const VOLUME_REQUESTS_IN_FLIGHT = 32;
let volumesLoading = 0;
let stackLimit = 0;

/**
 * volume.load asks for every slice as a prefetch request: with the stack's limit of 4 in flight,
 * Cornerstone's request pool starts the next few from a timer each time, 0.29 s for the chest CT's
 * 275 cached slices against 0.02 s with many in flight (bench, MPR row). Widened while any volume
 * loads, then back to the stack's limit.
 */
function widenVolumeRequests(): () => void {
  const { Prefetch } = Enums.RequestType;
  if (volumesLoading === 0) stackLimit = imageLoadPoolManager.getMaxSimultaneousRequests(Prefetch);
  volumesLoading++;
  imageLoadPoolManager.setMaxSimultaneousRequests(Prefetch, Math.max(stackLimit, VOLUME_REQUESTS_IN_FLIGHT));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    volumesLoading--;
    if (volumesLoading === 0) imageLoadPoolManager.setMaxSimultaneousRequests(Prefetch, stackLimit);
  };
}

/**
 * Lets go of a volume: stops its loading, frees its vtk image data and GPU texture, and removes it from
 * Cornerstone's volume cache. Its slices stay in the image cache (shared with the stack view, within
 * the cache's own limit). Call after the viewport showing it is disabled.
 */
export function releaseVolume(volumeId: string): void {
  const volume = cache.getVolume(volumeId);
  if (!volume) return;
  volume.cancelLoading?.();
  try {
    volume.destroy();
  } catch {
    // Already partly freed (an aborted load): removing it from the cache below is what matters.
  }
  cache.removeVolumeLoadObject(volumeId);
}
