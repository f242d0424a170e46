// Chromium for the viewer items: Debian's binary with the e2e tests' flags and window size
// (playwright.config.ts), and the memory of its processes.
import { chromium, type Browser, type Page } from '@playwright/test';
import config from '../../playwright.config.ts';
import { CHROMIUM } from './machine.ts';
import { kbToMb, MB, procStatusKb } from './stats.ts';

export const WINDOW = config.use?.viewport ?? { width: 1280, height: 800 };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: config.use?.launchOptions?.args ?? [], headless: true });
}

export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: WINDOW });
  page.setDefaultTimeout(120_000);
  return page;
}

export interface BrowserMemory {
  /**
   * RSS (VmRSS) of the renderer process that holds the page: the largest renderer. The page's
   * dedicated workers (the image decoder) are threads of that process, so they are included.
   */
  rendererMb: number;
  /** Of that renderer: anonymous memory only (heap, array buffers), without mapped files. */
  rendererAnonMb: number;
  /** Every renderer process together (Chromium keeps a spare one and one for the initial blank page). */
  allRenderersMb: number;
  gpuMb: number;
  /** The page's main-thread V8 heap in use (CDP Performance.getMetrics JSHeapUsedSize). */
  jsHeapMb: number;
  /** ArrayBuffer backing stores of the page's main thread (CDP Runtime.getHeapUsage): pixel and file bytes. */
  arrayBuffersMb: number;
}

/** Forces a garbage collection on the page, lets the allocator settle, then reads every process. */
export async function measureMemory(browser: Browser, page: Page): Promise<BrowserMemory> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.send('Performance.enable');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await session.send('HeapProfiler.collectGarbage');
  const { metrics } = await session.send('Performance.getMetrics');
  const usage = (await session.send('Runtime.getHeapUsage')) as { backingStorageSize?: number };
  await session.detach();
  const browserSession = await browser.newBrowserCDPSession();
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
  await browserSession.detach();
  const statusOf = (type: string) => processInfo.filter((p) => p.type === type).map((p) => procStatusKb(p.id)).filter((s) => s !== null);
  const renderers = statusOf('renderer').sort((a, b) => (b.VmRSS ?? 0) - (a.VmRSS ?? 0));
  const largest = renderers[0] ?? {};
  return {
    rendererMb: kbToMb(largest.VmRSS ?? 0),
    rendererAnonMb: kbToMb(largest.RssAnon ?? 0),
    allRenderersMb: kbToMb(renderers.reduce((n, s) => n + (s.VmRSS ?? 0), 0)),
    gpuMb: kbToMb(statusOf('GPU').reduce((n, s) => n + (s.VmRSS ?? 0), 0)),
    jsHeapMb: (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / MB,
    arrayBuffersMb: (usage.backingStorageSize ?? 0) / MB,
  };
}
