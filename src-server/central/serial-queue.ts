// Runs tasks one at a time. The repository applies a transaction's writes to memory before its
// journal commit and rolls them back on failure, so no other request may run in between; serving
// every FHIR interaction in turn is simple and fast enough for an in-memory development server.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
