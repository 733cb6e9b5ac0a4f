// Append-only JSON-lines journal: one line per committed write (a transaction is one line, so it
// replays all or nothing). Every append is fsync'd before the caller answers the client, so an
// acknowledged write survives a power cut. A crash mid-append leaves a torn last line; replay drops
// it and truncates the file so the next append starts on a clean line.
import { closeSync, createReadStream, existsSync, fdatasyncSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../src-core/platform/logger';

export type RecordHandler = (record: unknown, lineNumber: number) => void;

export class JournalCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalCorruptError';
  }
}

export class Journal {
  private closed = false;

  private constructor(
    private readonly fd: number,
    private size: number,
  ) {}

  /**
   * Replays every record through `onRecord`, then opens the file for appending. A bad line that is
   * followed by good ones is corruption, not a torn write: refuse to start rather than drop data.
   */
  static async open(file: string, onRecord: RecordHandler, logger: Logger): Promise<Journal> {
    const isNew = !existsSync(file);
    const replay = isNew ? emptyReplay : await replayFile(file, onRecord);
    if (replay.goodEnd < replay.size) {
      logger.warn('journal torn tail dropped', {
        line: replay.tornLine,
        droppedBytes: replay.size - replay.goodEnd,
      });
    }
    const fd = openSync(file, 'a');
    if (replay.goodEnd < replay.size) ftruncateSync(fd, replay.goodEnd);
    if (isNew) syncDirectory(dirname(file));
    logger.info('journal opened', { records: replay.records, bytes: replay.goodEnd });
    return new Journal(fd, replay.goodEnd);
  }

  /** Writes one record as one line and waits for the disk; on failure the file is cut back. */
  append(record: unknown): void {
    if (this.closed) throw new Error('journal is closed');
    const data = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    try {
      let written = 0;
      while (written < data.length) written += writeSync(this.fd, data, written);
      fdatasyncSync(this.fd);
      this.size += data.length;
    } catch (err) {
      this.cutBackAfterFailedAppend();
      throw err;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private cutBackAfterFailedAppend(): void {
    try {
      ftruncateSync(this.fd, this.size);
    } catch {
      // The append error is the one to report; a leftover partial line is dropped at the next start.
    }
  }
}

interface ReplayResult {
  readonly records: number;
  /** Byte offset just past the last line that replayed. */
  readonly goodEnd: number;
  readonly size: number;
  readonly tornLine?: number;
}

const emptyReplay: ReplayResult = { records: 0, goodEnd: 0, size: 0 };

/** Splits the file on '\n' without copying a long line more than once. */
async function replayFile(file: string, onRecord: RecordHandler): Promise<ReplayResult> {
  const state = new ReplayState(onRecord);
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      pending.push(chunk.subarray(start, nl));
      state.line(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending));
      pending = [];
      start = nl + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  const tail = pending.reduce((n, b) => n + b.length, 0);
  return state.result(tail);
}

class ReplayState {
  private records = 0;
  private lineNumber = 0;
  private offset = 0;
  private goodEnd = 0;
  private badLine: number | undefined;

  constructor(private readonly onRecord: RecordHandler) {}

  line(bytes: Buffer): void {
    this.lineNumber += 1;
    this.offset += bytes.length + 1;
    const text = bytes.toString('utf8').trim();
    if (text === '') return;
    const parsed = parseJson(text);
    if (parsed === undefined) {
      this.badLine ??= this.lineNumber;
      return;
    }
    if (this.badLine !== undefined) {
      throw new JournalCorruptError(`journal line ${this.badLine} is unreadable but later lines are not`);
    }
    this.onRecord(parsed.value, this.lineNumber);
    this.records += 1;
    this.goodEnd = this.offset;
  }

  result(tailBytes: number): ReplayResult {
    const size = this.offset + tailBytes;
    const tornLine = this.badLine ?? (tailBytes > 0 ? this.lineNumber + 1 : undefined);
    return {
      records: this.records,
      goodEnd: this.goodEnd,
      size,
      ...(tornLine === undefined ? {} : { tornLine }),
    };
  }
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Makes a newly created file's directory entry durable too. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the file's own fsync still holds.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
