// The layer rules of DESIGN.md as one table of allowed imports per folder, checked on every import
// statement of every source file: a wrong import fails CI, not a review. Also: SQL only in
// repositories, migrations and the storage layer; 'electron' only in the Electron adapter.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where each part of the code may import from (besides itself and npm packages). Keys and values are
 * "areas": a folder of main/ (main/library), a top-level module of main/ (main/core.ts), a preload
 * file, or the renderer. Lower layers come first; nothing imports upwards.
 */
const ALLOWED: Record<string, readonly string[]> = {
  'preload/errorCodes.ts': [],
  'preload/wire.ts': [],
  'preload/reports.ts': [],
  'preload/arrangement.ts': [],
  'preload/models.ts': [],
  'preload/maskEdits.ts': [],
  'preload/annotations.ts': [],
  'preload/inference.ts': ['preload/maskEdits.ts'],
  'preload/masks.ts': [],
  'preload/genomics.ts': [],
  'preload/knowledge.ts': ['preload/genomics.ts'],
  'preload/variantViews.ts': ['preload/genomics.ts', 'preload/knowledge.ts'],
  'preload/importReport.ts': ['preload/errorCodes.ts', 'preload/reports.ts'],
  'preload/api.ts': ['preload/errorCodes.ts', 'preload/annotations.ts', 'preload/reports.ts', 'preload/importReport.ts', 'preload/arrangement.ts', 'preload/models.ts', 'preload/inference.ts', 'preload/masks.ts', 'preload/maskEdits.ts', 'preload/genomics.ts', 'preload/knowledge.ts', 'preload/variantViews.ts'],
  'preload/web.ts': ['preload/api.ts', 'preload/wire.ts'],
  'preload/electron.ts': ['preload/api.ts'],
  renderer: ['preload/api.ts', 'preload/web.ts', 'preload/wire.ts', 'preload/errorCodes.ts'],
  'main/errors.ts': ['preload/errorCodes.ts'],
  'main/dataDir.ts': [],
  'main/events.ts': ['preload/api.ts'],
  'main/types': [],
  'main/storage': ['main/errors.ts'],
  'main/security': ['main/errors.ts', 'main/storage'],
  'main/dicom': ['main/errors.ts', 'main/storage', 'main/security', 'preload/api.ts', 'preload/errorCodes.ts'],
  // Local AI (issue 14): model manifests, folders and their hash checks, onnxruntime sessions, and the
  // pipeline over decoded voxels (main/dicom). No library (services record models and runs), no UI.
  'main/ai': ['main/errors.ts', 'main/dicom', 'preload/api.ts'],
  // Genomics (issue 15): VCF/BGZF reading, normalisation against a reference, knowledge packs,
  // annotation. Plain Node over files and strings; the library stores what it produces.
  'main/genomics': ['main/errors.ts', 'preload/errorCodes.ts', 'preload/api.ts'],
  'main/library': ['main/errors.ts', 'main/genomics', 'main/storage', 'main/security', 'main/dicom', 'preload/api.ts'],
  // Reading documents (DICOM SR, Key Object Selection): encoders and decoders over the DICOM code, and
  // what an SR's measurements make of a case file (main/reading/sr/attachReport.ts, caseReport.ts).
  'main/reading': ['main/errors.ts', 'main/dicom', 'main/library', 'preload/api.ts'],
  'main/services': ['main/errors.ts', 'main/genomics', 'main/events.ts', 'main/storage', 'main/security', 'main/dicom', 'main/library', 'main/jobs', 'main/core.ts', 'main/reading', 'main/ai', 'preload/api.ts', 'preload/errorCodes.ts'],
  'main/jobs': ['main/errors.ts', 'main/genomics', 'main/events.ts', 'main/library', 'main/dicom', 'main/services', 'preload/api.ts', 'preload/errorCodes.ts'],
  'main/core.ts': ['main/errors.ts', 'main/genomics', 'main/events.ts', 'main/storage', 'main/security', 'main/dicom', 'main/library', 'main/jobs', 'main/services'],
  'main/api': ['main/errors.ts', 'main/services', 'main/core.ts', 'preload/api.ts', 'preload/errorCodes.ts'],
  'main/cli': ['main/errors.ts', 'main/genomics', 'main/services', 'main/core.ts', 'main/security', 'main/dataDir.ts', 'preload/api.ts', 'preload/errorCodes.ts'],
  'main/web': ['main/errors.ts', 'main/services', 'main/core.ts', 'main/api', 'main/security', 'main/dataDir.ts', 'preload/api.ts', 'preload/wire.ts', 'preload/errorCodes.ts'],
  'main/electron': ['main/errors.ts', 'main/services', 'main/core.ts', 'main/api', 'main/security', 'main/web', 'main/dataDir.ts', 'preload/api.ts'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

const ALL = [...sourceFiles('main'), ...sourceFiles('preload'), ...sourceFiles('renderer/src')];

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** The area a repository path belongs to (see ALLOWED). */
function areaOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'renderer') return 'renderer';
  if (parts[0] === 'preload') return path;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : path;
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of ALL) {
    const from = areaOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) {
      found.push(`${file}: its area ${from} has no row in the table`);
      continue;
    }
    for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
      const to = areaOf(normalize(join(dirname(file), spec)));
      if (to !== from && !allowed.includes(to)) found.push(`${file} imports ${spec} (${from} -> ${to})`);
    }
  }
  return found;
}

describe('layers', () => {
  it('every import follows the table of allowed imports', () => {
    // Failing: a lower layer reaches up (e.g. the DICOM code into the library, an API handler into a
    // table), and the next capability has to untangle it.
    expect(violations()).toEqual([]);
  });

  it('the table catches a wrong import (the check can fail)', () => {
    expect(ALLOWED['main/dicom']).not.toContain('main/library');
    expect(areaOf('main/dicom/headers.ts')).toBe('main/dicom');
    expect(areaOf('main/core.ts')).toBe('main/core.ts');
  });

  it("only main/electron/ and preload/electron.ts import 'electron'", () => {
    const allowed = (file: string): boolean => file.startsWith(join('main', 'electron')) || file === join('preload', 'electron.ts');
    expect(ALL.filter((file) => !allowed(file) && importsOf(file).includes('electron'))).toEqual([]);
  });

  it('the renderer imports no Node built-in', () => {
    expect(sourceFiles('renderer/src').filter((file) => importsOf(file).some((spec) => spec.startsWith('node:')))).toEqual([]);
  });

  it('SQL is written only in repositories, migrations and the storage layer', () => {
    // Failing: a service or a handler writes its own SQL, and a schema change breaks it unseen.
    const sqlCalls = /\.(prepare|exec|pragma)\(/;
    const allowed = (file: string): boolean => /\/repositories\/|\/migrations\//.test(file) || file.startsWith(join('main', 'storage'));
    const offenders = sourceFiles('main').filter((file) => !allowed(file) && sqlCalls.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('every file stays under 400 lines (split by responsibility before that)', () => {
    const long = ALL.map((file) => [relative(ROOT, join(ROOT, file)), readFileSync(join(ROOT, file), 'utf8').split('\n').length] as const).filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
  });
});
