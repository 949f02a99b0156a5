// Preloaded into a server by tools/import-pauses.ts (`node --import ./tools/lag-probe.mjs`):
// every time a 5 ms timer fires late by LAG_PROBE_MS or more, the window the loop was held is
// kept (process.hrtime, µs: the clock V8's CPU profile uses), and written to LAG_PROBE_FILE on exit.
import { writeFileSync } from 'node:fs';

const file = process.env.LAG_PROBE_FILE;
const minMs = Number(process.env.LAG_PROBE_MS ?? '50');
if (file) {
  const windows = [];
  const now = () => Number(process.hrtime.bigint() / 1000n);
  let last = now();
  setInterval(() => {
    const t = now();
    const lateMs = (t - last) / 1000 - 5;
    if (lateMs >= minMs) windows.push({ fromUs: last, toUs: t });
    last = t;
  }, 5).unref();
  process.on('exit', () => writeFileSync(file, JSON.stringify(windows)));
}
