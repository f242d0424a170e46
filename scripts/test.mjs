// npm test: build, type-check, the Node tests (Vitest), the e2e tests (Playwright in Chromium against
// the web host), then one summary line 'N passed, N failed, N skipped'. Exit code non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (label, command, args, env = {}) => {
  process.stdout.write(`\n== ${label}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  process.stdout.write(`== ${label}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return result.status ?? 1;
};

const counts = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

if (run('build', process.execPath, [join(root, 'scripts', 'build.mjs')]) !== 0) failedSteps.push('build');
if (run('type-check (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']) !== 0) failedSteps.push('type-check node');
if (run('type-check (renderer)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']) !== 0) failedSteps.push('type-check renderer');
if (run('type-check (e2e)', bin('tsc'), ['-p', 'tsconfig.e2e.json', '--noEmit']) !== 0) failedSteps.push('type-check e2e');

const vitestJson = join(results, 'vitest.json');
if (run('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]) !== 0) failedSteps.push('vitest');
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

const e2eJson = join(results, 'e2e-report.json');
if (run('end-to-end tests (playwright, chromium)', bin('playwright'), ['test']) !== 0) failedSteps.push('playwright');
if (existsSync(e2eJson)) {
  const stats = JSON.parse(readFileSync(e2eJson, 'utf8')).stats ?? {};
  counts.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  counts.failed += stats.unexpected ?? 0;
  counts.skipped += stats.skipped ?? 0;
}

if (failedSteps.length > 0) process.stdout.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(failedSteps.length > 0 || counts.failed > 0 ? 1 : 0);
