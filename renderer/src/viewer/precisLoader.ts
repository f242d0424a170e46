// The `precis:` image loader: resolves a stable image id to the current transport's binary routes
// (`precis://app/...` in Electron, `<page origin>/...` on the web host, authorised there by the session
// header, cornerstone.ts beforeSend). Wadouri's loader fetches and parses the file (`/dicom/<case>/<sop>`);
// where Cornerstone3D decodes such a file exactly it decodes it too, exactly as with wadouri: ids; where
// it is known to be wrong (frameDecoderChoice.ts) the pixels come from the app's own decoder
// (`/frames/<case>/<sop>/<frame>`, frameImage.ts) and the parsed file gives the rest of the metadata.
import { imageLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { precis } from '../api/client.ts';
import { decoderOfDataSet } from './frameDecoderChoice.ts';
import { loadDecodedFrame } from './frameImage.ts';
import { instanceOf } from './instanceIndex.ts';
import { parsePrecisImageId, PRECIS_SCHEME } from './imageIds.ts';

let baseUrl: () => string = () => window.location.origin;

/**
 * The wadouri: id a precis: id stands for, on the transport of this page; null for other ids.
 * Frame numbers as the wadouri loader takes them: `?frame=N` (1-based) for multi-frame instances only.
 */
export function wadouriIdOf(imageId: string): string | null {
  const ref = parsePrecisImageId(imageId);
  if (!ref) return null;
  const url = `${baseUrl()}/dicom/${encodeURIComponent(ref.caseId)}/${encodeURIComponent(ref.sop)}`;
  const multiFrame = (instanceOf(ref.caseId, ref.sop)?.NumberOfFrames ?? 1) > 1 || ref.frame > 1;
  return multiFrame ? `wadouri:${url}?frame=${ref.frame}` : `wadouri:${url}`;
}

/** The app's decoded frame for a precis: id (GET /frames/<case>/<sop>/<frame>). */
export function frameUrlOf(imageId: string): string | null {
  const ref = parsePrecisImageId(imageId);
  return ref && `${baseUrl()}/frames/${encodeURIComponent(ref.caseId)}/${encodeURIComponent(ref.sop)}/${ref.frame}`;
}

async function load(imageId: string, target: string, options: Record<string, unknown>): Promise<{ image: Types.IImage; decache: () => void }> {
  const { url } = wadouri.parseImageId(target);
  // Parses the file once (cached by URL; wadouri's own load below reuses it) to choose the decoder.
  const dataSet = await wadouri.dataSetCacheManager.load(url, wadouri.getLoaderForScheme('wadouri') as never, target);
  const choice = decoderOfDataSet(dataSet);
  if (choice.decoder === 'gdcm') {
    const frameUrl = frameUrlOf(imageId) ?? '';
    const headers = ((await precis().requestHeaders?.()) ?? {}) as Record<string, string>;
    // The parsed file stays cached while the image is: it answers the image's metadata.
    const image = await loadDecodedFrame(imageId, frameUrl, target, headers).catch((error: unknown) => {
      wadouri.dataSetCacheManager.unload(url);
      throw error;
    });
    return { image, decache: () => wadouri.dataSetCacheManager.unload(url) };
  }
  const inner = wadouri.loadImage(target, options);
  // wadouri's load counted one more use of the parsed file; ours ends here.
  wadouri.dataSetCacheManager.unload(url);
  const image = await inner.promise;
  return { image, decache: () => inner.decache?.() };
}

function loadPrecisImage(imageId: string, options: Record<string, unknown> = {}): Types.IImageLoadObject {
  const target = wadouriIdOf(imageId);
  if (!target) return { promise: Promise.reject(new Error(`not an image id of this app: ${imageId}`)) };
  let decache: (() => void) | null = null;
  const promise = load(imageId, target, options).then(({ image, decache: drop }) => {
    decache = drop;
    // The image carries the stable id: tools and annotations refer to image.imageId.
    return Object.assign(image, { imageId });
  });
  // Evicting the image from Cornerstone's cache also drops the file's parsed data set.
  return { promise, decache: () => decache?.() };
}

/** Registers the loader once; `pixelBase` names the transport's origin (api/client.ts pixelBaseUrl). */
export function registerPrecisLoader(pixelBase: () => string): void {
  baseUrl = pixelBase;
  imageLoader.registerImageLoader(PRECIS_SCHEME, loadPrecisImage as unknown as Types.ImageLoaderFn);
}
