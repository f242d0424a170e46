// The model manifest schema (issue 14): a bad manifest is refused with the field at fault named, so
// whoever prepared the model folder can fix it without reading the code.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../main/ai/index.ts';
import { validManifest } from './support/onnxModel.ts';

const SHA = 'a'.repeat(64);
const errorOf = (manifest: unknown): { code: string; message: string } => {
  try {
    parseManifest(JSON.stringify(manifest));
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('the manifest was accepted');
};

/** The valid manifest with one change made by `change`. */
function changed(change: (m: Record<string, any>) => void): Record<string, unknown> {
  const m = structuredClone(validManifest(SHA)) as Record<string, any>;
  change(m);
  return m;
}

describe('model manifest schema', () => {
  it('accepts a complete manifest and keeps its values', () => {
    // Failing: a correct model folder cannot be imported at all.
    const m = parseManifest(JSON.stringify(validManifest(SHA)));
    expect(m).toMatchObject({ id: 'tiny-add', task: 'segmentation-3d', slidingWindow: { overlap: 0.5, blending: 'gaussian' } });
    expect(m.intendedUse?.modality).toEqual(['CT']);
  });

  it.each([
    ['an overlap above 0.9', (m: Record<string, any>) => { m.slidingWindow.overlap = 0.95; }, 'manifest.json: slidingWindow.overlap: must be between 0 and 0.9'],
    ['a missing sha256', (m: Record<string, any>) => { delete m.sha256; }, 'manifest.json: sha256: is missing'],
    ['a missing intended use body part', (m: Record<string, any>) => { delete m.intendedUse.bodyPart; }, 'manifest.json: intendedUse.bodyPart: is missing'],
    ['a colour component above 255', (m: Record<string, any>) => { m.labels[1].color = [0, 300, 0]; }, 'manifest.json: labels[1].color[1]: must be 0..255'],
    ['an unknown task', (m: Record<string, any>) => { m.task = 'detection'; }, 'manifest.json: task: '],
    ['a misspelt key', (m: Record<string, any>) => { m.slidingWindow.overlapp = 0.2; }, 'manifest.json: slidingWindow: unknown field(s) "overlapp"'],
    ['a window with lower above upper', (m: Record<string, any>) => { m.preprocessing.intensityWindow = { lower: 400, upper: -1000 }; }, 'manifest.json: preprocessing.intensityWindow.upper: lower must be below upper'],
    ['a 2D patch for a 3D model', (m: Record<string, any>) => { m.slidingWindow.patchSize = [96, 96]; }, 'manifest.json: slidingWindow.patchSize: must have 3 sizes for segmentation-3d'],
    ['a largest-component label that does not exist', (m: Record<string, any>) => { m.postprocessing.largestConnectedComponent = [7]; }, 'manifest.json: postprocessing.largestConnectedComponent[0]: 7 is not a label value'],
    ['a slice thickness range upside down', (m: Record<string, any>) => { m.intendedUse.sliceThicknessMm = { min: 3, max: 1 }; }, 'manifest.json: intendedUse.sliceThicknessMm.max: min must not exceed max'],
    ['no intended use for an imaging model', (m: Record<string, any>) => { m.intendedUse = null; }, 'manifest.json: intendedUse: is required for a segmentation-3d model'],
    ['a variant-scoring model without its genome build and features', (m: Record<string, any>) => { m.task = 'variant-scoring'; }, 'manifest.json: variantScoring: is required for a variant-scoring model'],
    ['a feature list longer than the input', (m: Record<string, any>) => { m.task = 'variant-scoring'; m.variantScoring = { genomeBuild: 'GRCh38', features: ['a', 'b'] }; }, 'manifest.json: inputs[0].shape: must end in the number of features (2)'],
    ['an id that is not a safe folder name', (m: Record<string, any>) => { m.id = '../evil'; }, 'manifest.json: id: must be 1-64 lower-case'],
  ])('refuses %s, naming the field', (_what, change, message) => {
    // Failing: a model with a wrong setting is imported, or refused with a message nobody can act on.
    const error = errorOf(changed(change));
    expect(error.code).toBe('model-manifest-invalid');
    expect(error.message).toContain(message);
  });

  it('refuses a manifest that is not JSON, saying so', () => {
    // Failing: a truncated manifest gives a stack trace instead of the file at fault.
    expect(() => parseManifest('{"id": ')).toThrow(expect.objectContaining({ code: 'model-manifest-invalid', message: expect.stringMatching(/^manifest\.json: not valid JSON/) }));
  });
});
