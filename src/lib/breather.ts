/**
 * One macrotask turn (`setImmediate`; an awaited resolved promise would not let I/O in). With
 * `keepAlive: false` the turn does not hold the process open: background work a process may
 * exit in the middle of.
 */
export function nextTurn(keepAlive = true): Promise<void> {
  return new Promise<void>((resolve) => {
    const turn = setImmediate(resolve);
    if (!keepAlive) turn.unref();
  });
}

/**
 * Lets the event loop run (timers, sockets: a server's `/health`, other requests) when a long
 * loop has held it for `sliceMs`. `await breathe()` costs nothing until the slice is used up,
 * then one macrotask turn (`nextTurn`).
 */
export function breather(sliceMs = 20, keepAlive = true): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn(keepAlive);
    since = performance.now();
  };
}
