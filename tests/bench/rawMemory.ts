// Renderer memory measured without Playwright. Playwright enables the DevTools Network domain on every
// page, and Chromium's network agent then keeps the body of every XHR/fetch response in the renderer
// (up to 200 MB; a memory-infra dump shows it as Blink's "buffer" partition, one ~768 KB slot per
// 525 KB DICOM file). A user's browser or Electron window holds no such copy. Here the same pages run
// in the same Chromium and flags, driven over a bare CDP connection that enables no Network domain,
// and the renderer's RSS is read after the same scrolls and a forced garbage collection.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import config from '../../playwright.config.ts';
import type { OpenableSeries, WebHost } from './app.ts';
import type { BareStack } from './barePage.ts';
import { WINDOW } from './browser.ts';
import { CHROMIUM } from './machine.ts';
import { MPR_HELPER } from './mprPage.ts';
import { PAGE_HELPER, type ViewerSession } from './precisPage.ts';
import { kbToMb, procStatusKb } from './stats.ts';

export interface RawMemory {
  rendererMb: number;
  rendererAnonMb: number;
}

interface Cdp {
  send(method: string, params?: object, sessionId?: string): Promise<Record<string, unknown>>;
  close(): void;
}

async function connect(wsUrl: string): Promise<Cdp> {
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve);
    ws.addEventListener('error', reject);
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
    const entry = message.id === undefined ? undefined : waiting.get(message.id);
    if (!entry || message.id === undefined) return;
    waiting.delete(message.id);
    if (message.error) entry.reject(new Error(message.error.message));
    else entry.resolve(message.result ?? {});
  });
  return {
    send: (method, params = {}, sessionId) => new Promise((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    }),
    close: () => ws.close(),
  };
}

/** Opens `url` in a fresh Chromium (no Playwright), runs `drive` with an evaluator, then reads the largest renderer's memory. */
async function measure(url: string, drive: (evaluate: (expression: string) => Promise<unknown>) => Promise<void>): Promise<RawMemory> {
  const profile = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'precis-raw-'));
  const args = [...(config.use?.launchOptions?.args ?? []), '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${WINDOW.width},${WINDOW.height}`, 'about:blank'];
  const chrome = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let cdp: Cdp | null = null;
  try {
    const wsUrl = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error('Chromium did not start')), 60_000);
      chrome.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /DevTools listening on (ws:\S+)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
    });
    cdp = await connect(wsUrl);
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const send = cdp.send;
    const evaluate = async (expression: string): Promise<unknown> => {
      const r = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId)) as { result?: { value?: unknown }; exceptionDetails?: unknown };
      if (r.exceptionDetails) throw new Error(`in the page: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
      return r.result?.value;
    };
    await send('Emulation.setDeviceMetricsOverride', { width: WINDOW.width, height: WINDOW.height, deviceScaleFactor: 1, mobile: false }, sessionId);
    await send('Page.navigate', { url }, sessionId);
    await drive(evaluate);
    // As measureMemory (browser.ts): collect, let the allocator settle, collect again.
    await send('HeapProfiler.collectGarbage', {}, sessionId);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await send('HeapProfiler.collectGarbage', {}, sessionId);
    const { processInfo } = (await send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
    const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => procStatusKb(p.id) ?? {}).sort((a, b) => (b.VmRSS ?? 0) - (a.VmRSS ?? 0));
    return { rendererMb: kbToMb(renderers[0]?.VmRSS ?? 0), rendererAnonMb: kbToMb(renderers[0]?.RssAnon ?? 0) };
  } finally {
    cdp?.close();
    chrome.kill();
    await new Promise((resolve) => chrome.once('exit', resolve).once('error', resolve));
    // Chromium's helper processes outlive the browser process by a moment and still write there.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {
      // A leftover profile in the temp folder is harmless.
    }
  }
}

async function until(evaluate: (e: string) => Promise<unknown>, expression: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await evaluate(expression).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not true within 60 s: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A new one-time launch URL (the printed one was used by the Playwright session). */
async function launchUrl(host: WebHost): Promise<string> {
  const response = await fetch(`${host.origin}/session/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-precis-session': host.session },
    body: '{}',
  });
  if (!response.ok) throw new Error(`POST /session/launch: ${response.status}`);
  return ((await response.json()) as { url: string }).url;
}

/** Precis with the whole series loaded after both scroll passes, as precisSession. */
export async function precisRawMemory(host: WebHost, ct: OpenableSeries): Promise<RawMemory> {
  const n = ct.instances.length;
  return measure(await launchUrl(host), async (evaluate) => {
    await until(evaluate, `!!document.querySelector('[data-testid="patient-row"]')`);
    await evaluate(PAGE_HELPER);
    await evaluate(`window.__bench.openPatient(${JSON.stringify(ct.patient.PatientID)}, ${n})`);
    await evaluate(`window.__bench.scroll(${n})`);
    await evaluate(`window.__bench.press('Home', 1, ${n})`);
    await evaluate(`window.__bench.scroll(${n})`);
  });
}

/** The bare page with the whole series loaded after both scroll passes, as bareSession. */
export function bareRawMemory(stack: BareStack, size: ViewerSession['size']): Promise<RawMemory> {
  const n = stack.ct.length;
  return measure(`${stack.origin}/index.html?w=${size.width}&h=${size.height}`, async (evaluate) => {
    await until(evaluate, `!!window.bare`);
    await evaluate('window.bare.ready');
    await evaluate(`window.bare.warm(${JSON.stringify(stack.other[0])})`);
    await evaluate(`window.bare.open(${JSON.stringify(stack.ct)})`);
    await evaluate(`window.bare.scroll(0, ${n - 1})`);
    await evaluate('window.bare.show(0)');
    await evaluate(`window.bare.scroll(0, ${n - 1})`);
  });
}

/** Precis with the series open in the stack, fetched, and the MPR layout's three planes rendered (as precisMprSession). */
export async function precisMprRawMemory(host: WebHost, ct: OpenableSeries): Promise<RawMemory> {
  const n = ct.instances.length;
  return measure(await launchUrl(host), async (evaluate) => {
    await until(evaluate, `!!document.querySelector('[data-testid="patient-row"]')`);
    await evaluate(PAGE_HELPER);
    await evaluate(MPR_HELPER);
    await evaluate(`window.__bench.openPatient(${JSON.stringify(ct.patient.PatientID)}, ${n})`);
    await evaluate(`window.__mpr.cached(${n})`);
    await evaluate('window.__mpr.openMpr()');
  });
}

/** The bare MPR page with every image cached and the three planes rendered (as bareMprSession). */
export function bareMprRawMemory(url: string, imageIds: string[]): Promise<RawMemory> {
  const ids = JSON.stringify(imageIds);
  return measure(url, async (evaluate) => {
    await until(evaluate, `!!window.bareMpr`);
    await evaluate('window.bareMpr.ready');
    await evaluate(`window.bareMpr.preload(${ids})`);
    await evaluate(`window.bareMpr.open(${ids})`);
  });
}
