// Which decoder shows an instance's pixels exactly, from its header: Cornerstone3D 5.14's own loader
// where it agrees with DCMTK and GDCM, the app's GDCM decoder (@itk-wasm/dicom, main/dicom/decode/, served by main/services/decode/)
// where Cornerstone3D is known to be wrong (shared/notes/cornerstone3d-5.14-decoding.md), or none,
// with the reason, where the reference decoders themselves disagree. Pure: the same fields give the
// same answer at import (displayability.ts) and when an image is read. The renderer applies the same
// rule to the file it parsed (renderer/src/viewer/frameDecoderChoice.ts); a unit test keeps the two equal.

export type Decoder = 'cornerstone' | 'gdcm';

export interface DecoderFields {
  TransferSyntaxUID: string;
  BitsAllocated: number;
  BitsStored: number;
  SamplesPerPixel: number;
  PhotometricInterpretation: string;
  PixelRepresentation: number;
}

export type DecoderChoice = { decoder: Decoder; reason: null } | { decoder: null; reason: string };

const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', BIG_ENDIAN]);
/** JPEG Extended (12-bit: Cornerstone is off by up to 16), Spectral selection, Progressive. */
const JPEG_LOSSY_12 = new Set(['1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55']);
const RLE = '1.2.840.10008.1.2.5';

/** What a JPEG Baseline stream says about its colour space (read by jpegColourHint in the renderer). */
export interface JpegColourHint {
  adobe: boolean;
  jfif: boolean;
  componentIds: number[];
}

const use = (decoder: Decoder): DecoderChoice => ({ decoder, reason: null });

/**
 * Colour JPEG Baseline labelled RGB with neither a JFIF nor an Adobe (APP14) marker and component ids
 * other than 1, 2, 3 holds RGB data: Cornerstone3D converts it from YCbCr anyway (a colour cast),
 * GDCM and dcmdjpeg do not. Ids 1, 2, 3 (JFIF's YCbCr) stay with Cornerstone3D, which matches
 * `dcmdjpeg +cl` there (SC_rgb_jpeg_lossy_gdcm: labelled RGB, data YCbCr).
 */
function rgbJpegWithoutTransform(h: DecoderFields, jpeg: JpegColourHint | undefined): boolean {
  if (!jpeg || h.TransferSyntaxUID !== '1.2.840.10008.1.2.4.50' || h.SamplesPerPixel !== 3 || h.PhotometricInterpretation !== 'RGB') return false;
  return !jpeg.adobe && !jpeg.jfif && jpeg.componentIds.join(',') !== '1,2,3';
}

/** `jpeg`: only known once the pixel data is read (the viewer); import decides from the header alone. */
export function chooseDecoder(h: DecoderFields, jpeg?: JpegColourHint): DecoderChoice {
  const ts = h.TransferSyntaxUID;
  if (rgbJpegWithoutTransform(h, jpeg)) return use('gdcm');
  if (NATIVE.has(ts)) {
    if (ts === BIG_ENDIAN && (h.BitsAllocated === 32 || h.BitsAllocated === 1)) return use('gdcm');
    if (h.PhotometricInterpretation.startsWith('YBR_FULL_422')) return use('gdcm');
    return use('cornerstone');
  }
  if (JPEG_LOSSY_12.has(ts)) return h.BitsAllocated > 8 || h.BitsStored > 8 || ts === '1.2.840.10008.1.2.4.55' ? use('gdcm') : use('cornerstone');
  if (ts === RLE) {
    if (h.BitsAllocated > 8 && h.SamplesPerPixel > 1) {
      return { decoder: null, reason: `${h.BitsAllocated}-bit colour RLE is decoded differently by DCMTK and GDCM (the reference decoders disagree), so it is not shown.` };
    }
    return h.BitsAllocated === 32 ? use('gdcm') : use('cornerstone');
  }
  return use('cornerstone');
}
