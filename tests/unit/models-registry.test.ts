// Importing and loading ONNX models (issue 14) on real files, a real encrypted library and the real
// onnxruntime-node: hashes recorded and audited at import, every load checked against that record,
// external data kept inside the model's folder, and a verified model actually run.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { externalDataFiles } from '../../main/ai/index.ts';
import { cachedSessionCount, ort, releaseSessions, sessionFor } from '../../main/ai/runtime/session.ts';
import { importModel, loadModel } from '../../main/services/models.ts';
import { addModel, biasBytes, sha256, validManifest, writeModelFolder } from './support/onnxModel.ts';
import { openLibrary, removeTempDirs, tempDir } from './support/env.ts';

afterAll(async () => {
  await releaseSessions();
  removeTempDirs();
});

const auditRows = (library: ReturnType<typeof openLibrary>): Array<{ actor: string; detail: string }> =>
  library.handles.read.prepare("SELECT actor, detail FROM audit_events WHERE action = 'model.import'").all() as Array<{ actor: string; detail: string }>;

describe('model import and verified loading', () => {
  it('import copies the folder, records model.onnx\'s sha256 and audits model.import', () => {
    // Failing: the clinical safety officer cannot tell which exact model file was installed, by whom.
    const library = openLibrary(tempDir('models-lib'));
    try {
      const source = writeModelFolder(join(tempDir('models-src'), 'tiny-add'));
      const { record, folder } = importModel(library, source, 'it-admin', '2026-11-30T12:00:00.000Z');
      expect(record).toMatchObject({ id: 'tiny-add', version: '1.0.0', task: 'segmentation-3d', sha256: sha256(addModel()), importedBy: 'it-admin' });
      expect(folder).toBe(join(library.dataDir, 'models', 'tiny-add@1.0.0'));
      expect(readFileSync(join(folder, 'model.onnx'))).toEqual(addModel());
      expect(library.models.list()).toEqual([record]);
      const [audit] = auditRows(library);
      expect(audit?.actor).toBe('it-admin');
      expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ id: 'tiny-add', version: '1.0.0', sha256: record.sha256 });
    } finally {
      library.close();
    }
  });

  it('a model file changed by one byte after import fails to load with model-hash-mismatch', () => {
    // Failing: a model altered on disk (by accident or on purpose) would be run on patients unnoticed.
    const library = openLibrary(tempDir('models-lib'));
    try {
      const { folder } = importModel(library, writeModelFolder(join(tempDir('models-src'), 'm')), 'it-admin');
      expect(loadModel(library, 'tiny-add').record.sha256).toBe(sha256(addModel()));
      const bytes = readFileSync(join(folder, 'model.onnx'));
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
      writeFileSync(join(folder, 'model.onnx'), bytes);
      expect(() => loadModel(library, 'tiny-add')).toThrow(expect.objectContaining({ code: 'model-hash-mismatch', message: expect.stringMatching(/model\.onnx of model tiny-add 1\.0\.0 has sha256 [0-9a-f]{64}, but the library recorded/) }));
    } finally {
      library.close();
    }
  });

  it('the check is against the library\'s record: a matching edit of file and manifest still fails', () => {
    // Failing: whoever can write the model folder could swap the model and its manifest together.
    const library = openLibrary(tempDir('models-lib'));
    try {
      const { folder } = importModel(library, writeModelFolder(join(tempDir('models-src'), 'm')), 'it-admin');
      const other = Buffer.concat([addModel(), Buffer.from([0x12, 0x00])]); // an extra empty field: a valid, different file
      writeFileSync(join(folder, 'model.onnx'), other);
      writeFileSync(join(folder, 'manifest.json'), JSON.stringify(validManifest(sha256(other))));
      expect(() => loadModel(library, 'tiny-add')).toThrow(expect.objectContaining({ code: 'model-hash-mismatch', message: expect.stringContaining('manifest.json of model tiny-add') }));
    } finally {
      library.close();
    }
  });

  it('a folder whose model.onnx is not the file its manifest names is refused, nothing recorded', () => {
    // Failing: a model folder assembled wrongly (old weights, new manifest) is installed.
    const library = openLibrary(tempDir('models-lib'));
    try {
      const source = writeModelFolder(join(tempDir('models-src'), 'm'), { manifest: validManifest('0'.repeat(64)) });
      expect(() => importModel(library, source, 'it-admin')).toThrow(expect.objectContaining({ code: 'model-hash-mismatch' }));
      expect(library.models.list()).toEqual([]);
      expect(auditRows(library)).toEqual([]);
    } finally {
      library.close();
    }
  });

  it('the same id and version with other files is refused with model-exists; the same files re-import', () => {
    // Failing: a changed model silently replaces the one earlier results were produced with.
    const library = openLibrary(tempDir('models-lib'));
    try {
      const source = writeModelFolder(join(tempDir('models-src'), 'm'));
      importModel(library, source, 'it-admin');
      expect(importModel(library, source, 'it-admin').again).toBe(true);
      appendFileSync(join(source, 'model.onnx'), Buffer.from([0x12, 0x00]));
      writeFileSync(join(source, 'manifest.json'), JSON.stringify(validManifest(sha256(readFileSync(join(source, 'model.onnx'))))));
      expect(() => importModel(library, source, 'it-admin')).toThrow(expect.objectContaining({ code: 'model-exists' }));
      expect(library.models.list().map((r) => r.sha256)).toEqual([sha256(addModel())]);
    } finally {
      library.close();
    }
  });

  it.each(['../weights.bin', '/etc/passwd', 'sub/../../weights.bin', 'C:\\weights.bin'])('external data at %s (outside the folder) is refused', (location) => {
    // Failing: a model file could make the runtime read any file of the machine, unhashed.
    const library = openLibrary(tempDir('models-lib'));
    try {
      const model = addModel({ kind: 'external', location });
      const source = writeModelFolder(join(tempDir('models-src'), 'm'), { model, manifest: validManifest(sha256(model)) });
      expect(() => importModel(library, source, 'it-admin')).toThrow(expect.objectContaining({ code: 'model-external-data', message: expect.stringContaining('outside the model\'s folder') }));
      expect(library.models.list()).toEqual([]);
    } finally {
      library.close();
    }
  });

  it('the walker finds external data declared without a location', () => {
    // Failing: a model with a malformed external reference slips past the check.
    expect(() => externalDataFiles(addModel({ kind: 'external-no-location' }))).toThrow(expect.objectContaining({ code: 'model-external-data' }));
    expect(externalDataFiles(addModel())).toEqual([]);
  });

  it('external data inside the folder is imported, hashed, verified on load and used by the session', async () => {
    // Failing: a large model split into weights files cannot be used, or its weights can change unseen.
    const library = openLibrary(tempDir('models-lib'));
    try {
      const model = addModel({ kind: 'external', location: 'weights/bias.bin' });
      const source = writeModelFolder(join(tempDir('models-src'), 'm'), { model, manifest: validManifest(sha256(model), 'tiny-add-ext'), extra: { 'weights/bias.bin': biasBytes() } });
      const { record, folder } = importModel(library, source, 'it-admin');
      expect(record.externalFiles).toEqual([{ path: 'weights/bias.bin', sha256: sha256(biasBytes()) }]);
      const session = await sessionFor(loadModel(library, 'tiny-add-ext'));
      const out = await session.run({ X: new ort.Tensor('float32', Float32Array.from([1, 2, 3]), [3]) });
      expect([...(out.Y?.data as Float32Array)]).toEqual([11, 22, 33]);
      appendFileSync(join(folder, 'weights', 'bias.bin'), Buffer.from([0]));
      expect(() => loadModel(library, 'tiny-add-ext')).toThrow(expect.objectContaining({ code: 'model-hash-mismatch', message: expect.stringContaining('weights/bias.bin') }));
    } finally {
      library.close();
    }
  });

  it('a verified model runs in onnxruntime-node, one cached session per model and hash', async () => {
    // Failing: models cannot run at all, or each patch of a CT would build a new session (minutes lost).
    const library = openLibrary(tempDir('models-lib'));
    try {
      importModel(library, writeModelFolder(join(tempDir('models-src'), 'm')), 'it-admin');
      await releaseSessions();
      const first = await sessionFor(loadModel(library, 'tiny-add'));
      const again = await sessionFor(loadModel(library, 'tiny-add'));
      expect(again).toBe(first);
      expect(cachedSessionCount()).toBe(1);
      const out = await first.run({ X: new ort.Tensor('float32', Float32Array.from([0.5, -1, 2]), [3]) });
      expect([...(out.Y?.data as Float32Array)]).toEqual([10.5, 19, 32]);
    } finally {
      library.close();
    }
  });
});
