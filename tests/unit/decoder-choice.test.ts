// The app's own decoder (GDCM through @itk-wasm/dicom, in a child process) against DCMTK, for the files
// Cornerstone3D 5.14 decodes wrongly; and the decoder rule the renderer applies equal to main's. If this
// fails, a user would see HU off by 16 on 12-bit JPEG CT, wrong dose, or a colour cast.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDecoder } from '../../main/dicom/decoderChoice.ts';
import { DecodePool } from '../../main/services/decode/decodePool.ts';
import { readDicomHeader } from '../../main/dicom/headers.ts';
import { decoderOfDataSet } from '../../renderer/src/viewer/frameDecoderChoice.ts';
import { referenceDecode } from '../e2e/referenceDecoder.ts';
import { dicomData, pydicomFiles } from './support/env.ts';

const cs = (name: string): string => join(dicomData, 'cornerstone3d-testimages', name);
const pyd = (name: string): string => join(pydicomFiles, name);
const pool = new DecodePool();
/** Deflated files, as wadouri's parse inflates them in the viewer. */
const inflater = (bytes: Uint8Array, position: number): Uint8Array => {
  const inflated = inflateRawSync(bytes.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position));
  out.set(inflated, position);
  return out;
};
afterAll(() => pool.close());

describe('decoder choice', () => {
  it('the renderer chooses the decoder main chooses, on every test file', async () => {
    const files = [...readdirSync(pydicomFiles).map(pyd), ...readdirSync(join(dicomData, 'cornerstone3d-testimages')).map(cs)].filter((f) => f.endsWith('.dcm'));
    let compared = 0;
    for (const file of files) {
      const header = await readDicomHeader(file).catch(() => null);
      if (!header?.instance.hasPixelData) continue;
      const dataSet = dicomParser.parseDicom(new Uint8Array(readFileSync(file)), { inflater });
      const main = chooseDecoder(header.instance);
      const renderer = decoderOfDataSet(dataSet);
      // Only the renderer sees the JPEG stream: RGB JPEG without a colour transform goes to GDCM there.
      if (file.endsWith('SC_jpeg_no_color_transform.dcm')) expect(renderer.decoder, file).toBe('gdcm');
      else expect(renderer, file).toEqual(main);
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
  });

  it.each([
    [pyd('JPGExtended.dcm'), undefined],
    [cs('CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm'), undefined],
    [cs('CT0012.fragmented_no_bot_jpeg_baseline.51.dcm'), undefined],
    [pyd('rtdose_rle.dcm'), undefined],
    [pyd('rtdose_expb.dcm'), undefined],
    [pyd('liver_expb_1frame.dcm'), undefined],
    [pyd('SC_jpeg_no_color_transform.dcm'), undefined],
  ])('GDCM in the decoder process gives the stored values DCMTK gives for %s', async (file) => {
    const header = (await readDicomHeader(file)).instance;
    const decoded = await pool.decode(file, async () => new Uint8Array(readFileSync(file)));
    const ref = referenceDecode(file, header.TransferSyntaxUID, header.PhotometricInterpretation);
    expect([decoded.rows, decoded.columns, decoded.samplesPerPixel]).toEqual([ref.rows, ref.columns, ref.samplesPerPixel]);
    const frame = decoded.frames[0] ?? [];
    let differing = 0;
    for (let i = 0; i < ref.values.length; i++) if (frame[i] !== ref.values[i]) differing++;
    expect(differing).toBe(0);
    expect(decoded.frames).toHaveLength(Math.max(1, header.NumberOfFrames));
  }, 60_000);

  it('a decoder process that dies fails its request, and the next request starts a new one', async () => {
    const file = pyd('CT_small.dcm');
    const first = pool.decode('a', async () => new Uint8Array(readFileSync(file)));
    await first;
    (pool as unknown as { child: { kill(signal: string): void } | null }).child?.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await pool.decode('b', async () => new Uint8Array(readFileSync(file)));
    expect(again.rows).toBe(128);
  }, 60_000);
});
