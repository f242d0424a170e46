// `precis <args>` that starts its work at one given moment (PRECIS_TEST_START_AT, ms since the epoch):
// the modules load first, then the process waits, so that processes started one after the other open
// the data directory within a millisecond of each other, as a real race would.
process.removeAllListeners('warning');
const { run } = await import('../../../main/cli/index.ts');
const startAt = Number(process.env.PRECIS_TEST_START_AT);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now() - 2)));
while (Date.now() < startAt) {
  // the last 2 ms spinning: a timer alone wakes up to a millisecond late
}
await run(process.argv.slice(2));
