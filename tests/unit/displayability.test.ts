// Which files the viewer refuses, and why: only where no decoder is known to be right (the references
// disagree) or there is no image; files Cornerstone3D 5.14 decodes wrongly are shown through GDCM.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDicomHeader } from '../../main/dicom/headers.ts';
import { assessDisplayability } from '../../main/dicom/displayability.ts';
import { dicomData, pydicomFiles } from './support/env.ts';

const cs = (name: string): string => join(dicomData, 'cornerstone3d-testimages', name);
const pyd = (name: string): string => join(pydicomFiles, name);

async function verdict(path: string): Promise<{ displayable: boolean; reason: string | null }> {
  return assessDisplayability((await readDicomHeader(path)).instance);
}

describe('displayability', () => {
  it.each([
    [pyd('SC_rgb_rle_16bit.dcm'), /16-bit colour RLE is decoded differently by DCMTK and GDCM/],
    [pyd('SC_rgb_rle_32bit_2frame.dcm'), /32-bit colour RLE is decoded differently by DCMTK and GDCM/],
    [pyd('J2K_pixelrep_mismatch.dcm'), /JPEG 2000 data says unsigned, the header .* says signed/],
    [pyd('rtplan.dcm'), /no image/],
  ])('refuses %s with a reason (a user sees why, never wrong values)', async (path, reason) => {
    const v = await verdict(path);
    expect(v.displayable).toBe(false);
    expect(v.reason).toMatch(reason);
  });

  it.each([
    // Shown through the app's GDCM decoder (Cornerstone3D 5.14 gets these wrong).
    pyd('JPGExtended.dcm'),
    cs('CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm'),
    cs('CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm'),
    pyd('rtdose_rle.dcm'),
    pyd('rtdose_expb.dcm'),
    pyd('liver_expb_1frame.dcm'),
    pyd('SC_ybr_full_422_uncompressed.dcm'),
    // Shown through Cornerstone3D.
    pyd('CT_small.dcm'),
    pyd('MR_small_RLE.dcm'),
    pyd('JPEG2000.dcm'),
    pyd('MR_small_jpeg_ls_lossless.dcm'),
    pyd('image_dfl.dcm'),
    cs('CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm'),
    cs('CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm'),
    cs('TestPattern_Palette.dcm'),
  ])('shows %s (a user would otherwise be refused an image the app decodes exactly)', async (path) => {
    expect(await verdict(path)).toEqual({ displayable: true, reason: null });
  });
});
