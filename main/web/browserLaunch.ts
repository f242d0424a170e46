// Opens the launch URL in the local Chromium, in a profile of its own: a fresh temporary folder (0700)
// removed when the web host stops, never the person's everyday profile (its history, cache and other
// sites' pages must not mix with patient data). The one-time launch code is the only secret on
// Chromium's command line (readable in /proc by every local user), and it is dead after the first load.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Chromium's arguments for Precis' window. Pure, so a test can check them without starting a browser. */
export function chromiumArgs(launchUrl: string, profileDir: string, runningAsRoot: boolean): string[] {
  return [
    `--app=${launchUrl}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Chromium's own background traffic (updates, accounts) is switched off: Precis makes no network requests.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    // Keep as little as possible on disk, even inside the temporary profile (1 byte = no disk cache).
    '--disk-cache-size=1',
    '--media-cache-size=1',
    '--disable-application-cache',
    '--password-store=basic',
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

export interface BrowserWindow {
  /** Closes the browser (if still open) and removes its profile folder. */
  close(): void;
}

export function openInBrowser(launchUrl: string): BrowserWindow | null {
  const browser = BROWSERS.find((b) => existsSync(b));
  if (!browser) {
    process.stderr.write('No Chromium found: open the URL above in a browser on this machine.\n');
    return null;
  }
  // mkdtemp creates the folder with mode 0700: other local users cannot read the profile.
  const profileDir = mkdtempSync(join(tmpdir(), 'precis-browser-'));
  const removeProfile = (): void => rmSync(profileDir, { recursive: true, force: true });
  const child: ChildProcess = spawn(browser, chromiumArgs(launchUrl, profileDir, process.getuid?.() === 0), { stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`Could not start ${browser}: open the URL above yourself.\n`));
  child.on('exit', removeProfile);
  child.unref();
  return {
    close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      removeProfile();
    },
  };
}
