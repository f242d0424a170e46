// Whether a process still runs: scratch folders, staged uploads, import records and key-change backups
// carry their owner's pid, and what a dead owner left behind is cleaned up or recorded.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
