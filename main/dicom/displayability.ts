// Decides at import whether the viewer shows an instance's pixels exactly: with Cornerstone3D 5.14's
// image loader where it agrees with DCMTK and GDCM, with the app's GDCM decoder where Cornerstone3D is
// known to be wrong (decoderChoice.ts; shared/notes/cornerstone3d-5.14-decoding.md), and refused with
// the reason where neither is known to be right, never shown with wrong values silently.
import type { Displayability } from '../../preload/api.ts';
import type { InstanceHeader } from './types.ts';
import { chooseDecoder } from './decoderChoice.ts';
import { transferSyntaxName } from './transferSyntax.ts';

const DECODED = new Set([
  // Native: implicit/explicit little endian, deflated, explicit big endian.
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.2',
  // JPEG Baseline, Extended, Spectral, Progressive, Lossless, Lossless SV1.
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.53',
  '1.2.840.10008.1.2.4.55',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  // JPEG-LS, JPEG 2000, HTJ2K, RLE.
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
  '1.2.840.10008.1.2.5',
]);

const ok: Displayability = { displayable: true, reason: null };
const refuse = (reason: string): Displayability => ({ displayable: false, reason });

export function assessDisplayability(h: InstanceHeader): Displayability {
  if (!h.hasPixelData || h.Rows === 0 || h.Columns === 0) {
    return refuse('This instance holds no image (no pixel data).');
  }
  const ts = h.TransferSyntaxUID;
  if (!DECODED.has(ts)) return refuse(`Unsupported transfer syntax ${transferSyntaxName(ts)}: this viewer has no exact decoder for it.`);
  if (h.codestreamSigned !== null && h.codestreamSigned !== (h.PixelRepresentation === 1)) {
    return refuse(
      `Ambiguous pixel values: the JPEG 2000 data says ${h.codestreamSigned ? 'signed' : 'unsigned'}, the header (Pixel Representation) says ${h.PixelRepresentation === 1 ? 'signed' : 'unsigned'}; decoders disagree on such files, so it is not shown.`,
    );
  }
  const choice = chooseDecoder(h);
  return choice.decoder ? ok : refuse(`Unsupported pixel encoding: ${choice.reason}`);
}
