// Decides at import whether the viewer (Cornerstone3D 5.14's image loader) shows an instance's pixels
// correctly. Where that decoder is known to be wrong (checked against DCMTK and GDCM, see
// shared/notes/cornerstone3d-5.14-decoding.md) the viewer refuses with the reason instead of showing
// wrong values silently.
import type { Displayability } from '../../preload/api.ts';
import type { InstanceHeader } from './types.ts';
import { transferSyntaxName } from './transferSyntax.ts';

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);
const DECODED_EXACTLY = new Set([
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
]);
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';
const RLE = '1.2.840.10008.1.2.5';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';

const ok: Displayability = { displayable: true, reason: null };
const refuse = (reason: string): Displayability => ({ displayable: false, reason });
const unsupported = (h: InstanceHeader, why: string): Displayability =>
  refuse(`Unsupported transfer syntax ${transferSyntaxName(h.TransferSyntaxUID)}: ${why}.`);

export function assessDisplayability(h: InstanceHeader): Displayability {
  if (!h.hasPixelData || h.Rows === 0 || h.Columns === 0) {
    return refuse('This instance holds no image (no pixel data).');
  }
  const ts = h.TransferSyntaxUID;
  if (NATIVE.has(ts)) {
    if (ts === BIG_ENDIAN && (h.BitsAllocated === 32 || h.BitsAllocated === 1)) {
      return unsupported(h, `${h.BitsAllocated}-bit big-endian pixel data is not decoded by this viewer`);
    }
    if (h.PhotometricInterpretation.startsWith('YBR_FULL_422')) {
      return refuse('Unsupported pixel encoding: uncompressed YBR_FULL_422 colour is not decoded correctly by this viewer.');
    }
    return ok;
  }
  if (ts === JPEG_BASELINE) return ok;
  if (ts === JPEG_EXTENDED) {
    return h.BitsAllocated > 8 || h.BitsStored > 8
      ? unsupported(h, '12-bit JPEG is decoded with an offset of up to 16 by this viewer, so it is not shown')
      : ok;
  }
  if (ts === RLE) {
    if (h.BitsAllocated === 32) return unsupported(h, '32-bit RLE is not decoded by this viewer');
    if (h.BitsAllocated === 16 && h.SamplesPerPixel === 3) return unsupported(h, '16-bit colour RLE is decoded wrongly by this viewer');
    return ok;
  }
  if (h.codestreamSigned !== null && h.codestreamSigned !== (h.PixelRepresentation === 1)) {
    return refuse(
      `Ambiguous pixel values: the JPEG 2000 data says ${h.codestreamSigned ? 'signed' : 'unsigned'}, the header (Pixel Representation) says ${h.PixelRepresentation === 1 ? 'signed' : 'unsigned'}; decoders disagree on such files, so it is not shown.`,
    );
  }
  if (DECODED_EXACTLY.has(ts)) return ok;
  return unsupported(h, 'this viewer has no exact decoder for it');
}
