/**
 * A promise with its resolve/reject handles, marked handled: a subscriber that never looks at
 * a subscription's `caughtUp` or `done` must not crash Node with an unhandled rejection.
 */
export function deferred(): { promise: Promise<void>; resolve(): void; reject(error: unknown): void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
