// The reference for the viewer items: the bare Cornerstone3D page (tests/bench/bare/), built with
// Vite into out/bench-bare and served with the same DICOM files by a plain static server. Its clocks
// also run in the page: setStack/setImageIdIndex until IMAGE_RENDERED for the requested image.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { REPO_ROOT } from './context.ts';
import { measureMemory, newPage, type BrowserMemory } from './browser.ts';
import { traceFrames } from './frameTrace.ts';
import type { ViewerSession } from './precisPage.ts';
import { log } from './stats.ts';

const SOURCE = join(REPO_ROOT, 'tests', 'bench', 'bare');
export const BARE_OUT = join(REPO_ROOT, 'out', 'bench-bare');

/** The three-plane MPR page (bare/mpr.html), built apart so that the stack page's bundle stays as it was. */
export const BARE_MPR_OUT = join(REPO_ROOT, 'out', 'bench-bare-mpr');

/** Builds the bare pages (stack, and MPR) unless each output is newer than its sources. */
export async function buildBarePage(): Promise<void> {
  const newest = (files: string[]): number => Math.max(...files.map((f) => statSync(join(SOURCE, f)).mtimeMs));
  const stale = (out: string, html: string, sources: string[]): boolean => !existsSync(join(out, html)) || statSync(join(out, html)).mtimeMs <= newest(sources);
  const { build } = await import('vite');
  if (stale(BARE_OUT, 'index.html', ['index.html', 'main.ts', 'vite.config.ts'])) {
    log('building the bare Cornerstone3D page (out/bench-bare)');
    await build({ configFile: join(SOURCE, 'vite.config.ts'), logLevel: 'error' });
  }
  if (stale(BARE_MPR_OUT, 'mpr.html', ['mpr.html', 'mpr.ts', 'vite.config.ts'])) {
    log('building the bare Cornerstone3D MPR page (out/bench-bare-mpr)');
    await build({ configFile: join(SOURCE, 'vite.config.ts'), logLevel: 'error', build: { outDir: BARE_MPR_OUT, emptyOutDir: true, rollupOptions: { input: join(SOURCE, 'mpr.html') } } });
  }
}

export interface BareStack {
  origin: string;
  /** Image ids of the chest CT in the viewer's display order, and of the other series. */
  ct: string[];
  other: string[];
}

export async function bareSession(browser: Browser, stack: BareStack, size: ViewerSession['size'], cycles: number): Promise<ViewerSession> {
  const page = await newPage(browser);
  const n = stack.ct.length;
  await page.goto(`${stack.origin}/index.html?w=${size.width}&h=${size.height}`);
  await page.evaluate('window.bare.ready');
  const ct = JSON.stringify(stack.ct);
  const other = JSON.stringify(stack.other);
  await page.evaluate(`window.bare.warm(${JSON.stringify(stack.other[0])})`);
  const idle = await measureMemory(browser, page);
  const firstImageMs = await page.evaluate(`window.bare.open(${ct})`) as number;
  const coldMs = await page.evaluate(`window.bare.scroll(0, ${n - 1})`) as number;
  await page.evaluate('window.bare.show(0)');
  const cachedMs = await page.evaluate(`window.bare.scroll(0, ${n - 1})`) as number;
  const loaded = await measureMemory(browser, page);
  await page.evaluate('window.bare.show(0)');
  const frames = await traceFrames(browser, page, n, async () => page.evaluate(`window.bare.scroll(0, ${n - 1})`) as Promise<number>);
  const memory: BrowserMemory[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    if (cycle > 0) {
      await page.evaluate(`window.bare.open(${ct})`);
      await page.evaluate(`window.bare.show(${n - 1})`);
    }
    await page.evaluate(`window.bare.open(${other})`);
    memory.push(await measureMemory(browser, page));
  }
  await page.close();
  return { idle, firstImageMs, coldMs, cachedMs, loaded, cycles: memory, size, frames };
}
