#!/usr/bin/env node
// The `precis` command. Runs the TypeScript sources directly (Node >= 22.18 strips types).
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`);
});
const { run } = await import('../main/cli/index.ts');
await run(process.argv.slice(2));
