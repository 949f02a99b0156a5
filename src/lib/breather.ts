/**
 * Lets the event loop run (timers, sockets: a server's `/health`, other requests) when a long
 * loop has held it for `sliceMs`. `await breathe()` costs nothing until the slice is used up,
 * then one macrotask turn (`setImmediate`; an awaited resolved promise would not let I/O in).
 */
export function breather(sliceMs = 20): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
