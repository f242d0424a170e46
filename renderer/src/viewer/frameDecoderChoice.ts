// Which decoder shows a parsed file's pixels exactly: the rule of main/dicom/decoderChoice.ts (the
// renderer may not import main/; tests/unit/decoder-choice.test.ts keeps the two copies equal), applied
// to wadouri's parse of the file, plus what its JPEG Baseline stream says about its colour space.
import type { DataSet } from 'dicom-parser';

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

/** A hint from the transfer syntax alone (the instance list has no bit depth): the app's decoder is
 *  likely, so its frame may be asked for before the file is parsed. The parsed file decides. */
export function mayNeedAppDecoder(transferSyntaxUID: string): boolean {
  return JPEG_LOSSY_12.has(transferSyntaxUID);
}

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

/** JFIF (APP0), Adobe (APP14) and the component ids of a JPEG stream's frame header. */
export function jpegColourHint(stream: Uint8Array): JpegColourHint {
  const hint: JpegColourHint = { adobe: false, jfif: false, componentIds: [] };
  let at = 2;
  while (at + 4 <= stream.length && stream[at] === 0xff) {
    const marker = stream[at + 1] ?? 0;
    const length = ((stream[at + 2] ?? 0) << 8) | (stream[at + 3] ?? 0);
    const id = String.fromCharCode(...stream.subarray(at + 4, at + 9));
    if (marker === 0xe0 && id === 'JFIF\0') hint.jfif = true;
    if (marker === 0xee && id === 'Adobe') hint.adobe = true;
    if (marker >= 0xc0 && marker <= 0xc2) {
      const count = stream[at + 9] ?? 0;
      hint.componentIds = Array.from({ length: count }, (_, i) => stream[at + 10 + 3 * i] ?? 0);
    }
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return hint;
}

/** The decoder for a file wadouri parsed (frame 1's JPEG stream tells colour JPEGs apart). */
export function decoderOfDataSet(ds: DataSet): DecoderChoice {
  const fields: DecoderFields = {
    TransferSyntaxUID: (ds.string('x00020010') ?? '').trim(),
    BitsAllocated: ds.uint16('x00280100') ?? 0,
    BitsStored: ds.uint16('x00280101') ?? 0,
    SamplesPerPixel: ds.uint16('x00280002') ?? 1,
    PhotometricInterpretation: (ds.string('x00280004') ?? '').trim(),
    PixelRepresentation: ds.uint16('x00280103') ?? 0,
  };
  const pixelData = ds.elements.x7fe00010;
  const fragment = pixelData?.fragments?.[0];
  const jpeg = fragment && fields.TransferSyntaxUID === '1.2.840.10008.1.2.4.50'
    ? jpegColourHint(ds.byteArray.subarray(fragment.position, fragment.position + Math.min(fragment.length, 4096)))
    : undefined;
  return chooseDecoder(fields, jpeg);
}
