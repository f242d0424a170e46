// Opt-in (URL ?diagnostics=1) hooks for automated checks: decode an image through the viewer's own
// loader and hand back its pixels, so tests compare what the viewer renders from with a reference decoder.
import { imageLoader } from '@cornerstonejs/core';
import { cornerstoneReady } from './viewer/cornerstone.ts';

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

export function installDiagnostics(): void {
  if (new URLSearchParams(window.location.search).get('diagnostics') !== '1') return;
  (window as unknown as { precisDiagnostics: unknown }).precisDiagnostics = { decode };
}
