// Which IPC senders the main process answers: only the app's own window, at the top level, showing the
// app's own pages (precis://app/). A frame inside the page (an iframe) or a page that navigated away
// gets nothing. No Electron import, so it is tested in Node (tests/unit/keys-start-errors.test.ts).

/** The parts of Electron's WebFrameMain this check reads. */
export interface FrameLike {
  readonly url: string;
}

const APP_ORIGIN = 'precis://app';

export function isAppFrame(sender: FrameLike | null | undefined, appMainFrame: FrameLike | null | undefined): boolean {
  if (!sender || !appMainFrame || sender !== appMainFrame) return false;
  try {
    const url = new URL(sender.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}
