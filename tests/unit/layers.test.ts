// The layer rules of DESIGN.md, checked on every import statement: a wrong import fails CI, not a review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

const violations = (files: string[], forbidden: (spec: string, file: string) => boolean): string[] =>
  files.flatMap((file) => importsOf(file).filter((spec) => forbidden(spec, file)).map((spec) => `${file} imports ${spec}`));

describe('layers', () => {
  it("only main/electron/ and preload/electron.ts import 'electron'", () => {
    const files = [...sourceFiles('main'), ...sourceFiles('preload'), ...sourceFiles('renderer/src')];
    const allowed = (file: string): boolean => file.startsWith(join('main', 'electron')) || file === join('preload', 'electron.ts');
    expect(violations(files, (spec, file) => spec === 'electron' && !allowed(file))).toEqual([]);
  });

  it('the renderer never imports main/ and sees the preload only through api.ts, web.ts and wire.ts', () => {
    const files = sourceFiles('renderer/src');
    expect(
      violations(files, (spec) => /(^|\/)main\//.test(spec) || /preload\/electron/.test(spec) || spec.startsWith('node:')),
    ).toEqual([]);
  });

  it('core areas import no UI and no Electron', () => {
    const core = ['library', 'dicom', 'jobs', 'security', 'api', 'web', 'cli'].flatMap((area) => sourceFiles(join('main', area)));
    expect(violations(core, (spec) => spec === 'electron' || spec.startsWith('react') || spec.includes('renderer/') || spec.includes('/electron/'))).toEqual([]);
  });

  it('every file stays under 400 lines (split by responsibility before that)', () => {
    const long = [...sourceFiles('main'), ...sourceFiles('preload'), ...sourceFiles('renderer/src')]
      .map((file) => [relative(ROOT, join(ROOT, file)), readFileSync(join(ROOT, file), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
  });
});
