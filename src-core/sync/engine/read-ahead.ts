// One page of read-ahead for pulls: the next page is requested as soon as the current one
// arrives, so the link (or the server) works on page N+1 while the store validates and writes
// page N. Commit order and crash safety do not change: pages are still applied one at a time, in
// order, each with its watermark. A failure of the page read ahead surfaces when it is reached.
export async function* readAhead<T>(source: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  let next = source.next();
  // Observed here so a failure while the consumer is still busy is not an unhandled rejection;
  // it is awaited (and thrown) on the next turn of the loop.
  next.catch(() => undefined);
  try {
    for (;;) {
      const result = await next;
      if (result.done === true) return;
      next = source.next();
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // The consumer stopped early (an error, a cancel): let the source close once its read is done.
    void next.then(
      () => source.return(undefined),
      () => undefined,
    );
  }
}
