// The real Electron shell, where its binary exists. Electron downloads that binary on first run from
// the internet; on machines without it this spec is skipped, and says why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO_ROOT } from './webHost.ts';
import { electronBinary } from '../../scripts/electronBinary.mjs';


const binary = electronBinary();

test('the Electron window exposes only window.precis, sandboxed, and lists the library', async () => {
  const reason = 'Electron binary not installed on this machine (it is downloaded from the internet on first run; this machine is offline)';
  if (!binary) process.stdout.write(`electron.spec.ts skipped: ${reason}\n`);
  test.skip(!binary, reason);
  const dataDir = mkdtempSync(join(tmpdir(), 'precis-electron-'));
  const app = await electron.launch({
    executablePath: binary as string,
    args: [join(REPO_ROOT, 'out', 'main', 'electron.mjs'), '--data-dir', dataDir],
    env: { ...process.env, PRECIS_PASSPHRASE: 'electron e2e' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('library-empty')).toBeVisible();
    const exposure = await page.evaluate(() => ({
      precis: typeof (window as unknown as { precis?: unknown }).precis,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposure).toEqual({ precis: 'object', require: 'undefined', process: 'undefined' });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
