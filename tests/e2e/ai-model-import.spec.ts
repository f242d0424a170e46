// Importing a model folder from the AI tab (issue 14, item 1 in the UI): the folder is picked like a DICOM
// folder and uploaded (no --import-root needed); a copy whose manifest lacks a field is refused with that
// field named, a copy with one byte of model.onnx changed is refused with the hash error, and the real
// folder is imported and listed, ready to run.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT, startApp } from './webHost.ts';

const MODEL_DIR = join(REPO_ROOT, 'models', 'ct-lung-emphysema');

test('a model folder picked in the AI tab is imported, and a bad one is refused with the field or hash at fault', async ({ page }) => {
  // Failing: a hospital cannot add a model without the command line, or a broken or altered model is taken
  // silently (or refused without saying what is wrong with it).
  test.setTimeout(60_000);
  const scratch = mkdtempSync(join(tmpdir(), 'precis-e2e-models-'));
  const noVersion = join(scratch, 'no-version', 'ct-lung-emphysema');
  cpSync(MODEL_DIR, noVersion, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(MODEL_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.version;
  writeFileSync(join(noVersion, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const tampered = join(scratch, 'tampered', 'ct-lung-emphysema');
  cpSync(MODEL_DIR, tampered, { recursive: true });
  const onnx = readFileSync(join(MODEL_DIR, 'model.onnx'));
  onnx.writeUInt8(onnx.readUInt8(onnx.length - 1) ^ 0x01, onnx.length - 1);
  writeFileSync(join(tampered, 'model.onnx'), onnx);
  const app = await startApp();
  try {
    await page.goto(app.url);
    await page.getByTestId('panel-tab-ai').click();
    const panel = page.getByTestId('ai-panel');
    await expect(panel.getByTestId('panel-empty')).toBeVisible();
    const result = panel.getByTestId('ai-model-import-result');

    await panel.getByTestId('ai-model-import-input').setInputFiles(noVersion);
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toContainText('version');
    await expect(panel.getByTestId('ai-model')).toHaveCount(0);

    await panel.getByTestId('ai-model-import-input').setInputFiles(tampered);
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toContainText(/sha256/);
    await expect(panel.getByTestId('ai-model')).toHaveCount(0);

    await panel.getByTestId('ai-model-import-input').setInputFiles(MODEL_DIR);
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toHaveText('Imported: ct-lung-emphysema 1.0.0 (model.onnx sha256 0fa41decadfc…)');
    await expect(panel.getByTestId('ai-model')).toContainText('ct-lung-emphysema');
    await expect(panel.getByTestId('ai-model')).toContainText('For: CT; CHEST or LUNG');
    // Recorded in the library as the CLI's import records it.
    const models = await app.call<Array<{ id: string; status: string; recordedSha256: string }>>('models.list', {});
    expect(models.map((m) => [m.id, m.status, m.recordedSha256.slice(0, 12)])).toEqual([['ct-lung-emphysema', 'ok', '0fa41decadfc']]);
  } finally {
    await app.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
});
