// A job in a child process (kinds with native code that can abort): the start, with the key, arrives
// over the IPC channel, never on the command line (readable by every user in /proc).
import { runJob, type JobMessage, type JobStart } from './runtime.ts';

const controller = new AbortController();
let delivered: Promise<unknown> = Promise.resolve();
const send = (message: JobMessage): void => {
  delivered = new Promise((resolve) => process.send?.(message, undefined, {}, resolve));
};
process.on('message', (message: { type?: string; start?: JobStart }) => {
  if (message.type === 'cancel') controller.abort();
  if (message.type === 'start' && message.start) {
    // The last message (done or error) must reach the parent before the channel closes.
    void runJob(message.start, send, controller.signal).then(() => delivered).then(() => process.disconnect?.());
  }
});
