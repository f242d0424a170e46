// Opt-in (URL ?diagnostics=1) hooks for automated checks: decode an image through the viewer's own
// loader (precis: or wadouri: ids) and hand back its pixels, so tests compare what the viewer renders
// from with a reference decoder; read the pixels of the image the viewer itself cached; list the image
// ids a viewport shows; read a voxel of a volume (viewer/volumeDiagnostics.ts).
import { cache, imageLoader, type Types } from '@cornerstonejs/core';
import { cornerstoneReady } from './viewer/cornerstone.ts';
import { useLayout } from './viewer/layoutStore.ts';
import { VIEWER_COMMANDS } from './viewer/viewerCommands.ts';
import { registeredViewportIds, viewportController } from './viewer/viewportRegistry.ts';
import { volumeDiagnostics } from './viewer/volumeDiagnostics.ts';
import { mprDiagnostics } from './viewer/mpr/mprDiagnostics.ts';
import { useSync } from './viewer/sync/syncState.ts';
import { labelmapDiagnostics } from './viewer/labelmaps/labelmapDiagnostics.ts';

export interface DecodedImage {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  scaled: boolean;
  slope: number;
  intercept: number;
  arrayType: string;
  pixels: number[];
}

async function decode(imageId: string): Promise<DecodedImage> {
  await cornerstoneReady();
  const image = await imageLoader.loadImage(imageId, { priority: 0, requestType: 'interaction' }).catch((error: unknown) => {
    // The loader rejects with plain objects as well as Errors.
    throw new Error(error instanceof Error ? error.message : JSON.stringify(error));
  });
  return describe(image);
}

function describe(image: Types.IImage): DecodedImage {
  const data = image.getPixelData();
  return {
    rows: image.rows,
    columns: image.columns,
    samplesPerPixel: image.color ? (data.length / (image.rows * image.columns)) : 1,
    scaled: Boolean(image.preScale?.scaled),
    slope: image.slope,
    intercept: image.intercept,
    arrayType: data.constructor.name,
    pixels: Array.from(data as ArrayLike<number>),
  };
}

/** The image the viewer cached under `imageId` (no new load), or null when it has none. */
function cachedPixels(imageId: string): DecodedImage | null {
  const image = cache.getImage(imageId);
  return image ? describe(image) : null;
}

/** The image ids a viewport shows, in order (the active viewport by default). */
function viewportImageIds(viewportId = useLayout.getState().activeViewportId): string[] {
  return [...viewportController(viewportId).imageIds()];
}

/** The viewer's command registry as data: tests check the toolbar, the sheet and the menu against it. */
function commands(): Array<{ id: string; label: string; keys: string[]; keyLabel: string; testId: string | null }> {
  return VIEWER_COMMANDS.map((c) => ({ id: c.id, label: c.label, keys: [...c.keys], keyLabel: c.keyLabel, testId: c.button?.testId ?? null }));
}

export function installDiagnostics(): void {
  if (new URLSearchParams(window.location.search).get('diagnostics') !== '1') return;
  (window as unknown as { precisDiagnostics: unknown }).precisDiagnostics = {
    decode, cachedPixels, viewportImageIds, viewportIds: registeredViewportIds, commands, ...volumeDiagnostics, ...mprDiagnostics, ...labelmapDiagnostics,
    syncState: () => useSync.getState(),
  };
}
