// Write-thread entry: registers tsx (the sources are TypeScript, no build step, as in
// bin/ledger.mjs), then runs the writer. A parent started with `--import tsx` has it already;
// registering again is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-write-worker.ts');
