// Diagnostics (?diagnostics=1) for volumes: tests read a voxel of the volume a viewport shows and check
// that dispose took the volume out of Cornerstone's cache.
import { cache, getRenderingEngine } from '@cornerstonejs/core';
import { RENDERING_ENGINE_ID } from './cornerstone.ts';
import { useLayout } from './layoutStore.ts';
import { viewportController } from './viewportRegistry.ts';
import { VolumeController } from './volumeController.ts';

/**
 * The voxel at column `i`, row `j` (0-based) of the slice shown as "Image index+1", as the volume holds
 * it (HU for CT, after rescale), with the image id of that slice; null when the viewport shows no volume.
 */
function volumeVoxel(index: number, i: number, j: number, viewportId = useLayout.getState().activeViewportId): { value: number; imageId: string; dataType: string } | null {
  const controller = viewportController(viewportId);
  return controller instanceof VolumeController ? controller.voxelAt(index, i, j) : null;
}

/** The volumes in Cornerstone's cache, with their size in bytes as the cache counts it. */
function cachedVolumes(): Array<{ volumeId: string; bytes: number }> {
  return cache.getVolumes().map((v) => ({ volumeId: v.volumeId, bytes: v.sizeInBytes }));
}

/** The image id Cornerstone3D itself says a viewport shows (for a volume: the slice nearest its camera). */
function shownImageId(viewportId = useLayout.getState().activeViewportId): string | null {
  const viewport = getRenderingEngine(RENDERING_ENGINE_ID)?.getViewport(viewportId) as { getCurrentImageId?: () => string | undefined } | undefined;
  return viewport?.getCurrentImageId?.() ?? null;
}

export const volumeDiagnostics = { volumeVoxel, cachedVolumes, shownImageId };
