/**
 * An import's progress on the CLI's terminal: a progress bar per file when stdout is a terminal,
 * plain lines (at most one a second, and one when a file is done) when it is a pipe or a file.
 */
import type { ImportProgress } from '@wardpulse/jobs';
import { SingleBar } from 'cli-progress';

export interface ProgressView {
  show(progress: ImportProgress): void;
  stop(): void;
}

const percentOf = (progress: ImportProgress) =>
  progress.totalBytes === 0 ? 100 : Math.min(100, Math.floor((progress.bytesRead / progress.totalBytes) * 100));

export function importProgressView(stream: NodeJS.WriteStream = process.stdout, now: () => number = Date.now): ProgressView {
  if (stream.isTTY) {
    let bar: SingleBar | null = null;
    let file = '';
    return {
      show(progress) {
        if (progress.fileName !== file) {
          bar?.stop();
          file = progress.fileName;
          bar = new SingleBar({
            stream,
            format: '{file} [{bar}] {percentage}% | {rows} rows | {rejected} rejected',
            hideCursor: true,
            clearOnComplete: false,
          });
          bar.start(100, 0, { file, rows: 0, rejected: 0 });
        }
        bar?.update(percentOf(progress), { file, rows: progress.rowsRead, rejected: progress.rejected });
      },
      stop() {
        bar?.stop();
        bar = null;
        file = '';
      },
    };
  }
  let lastAt = 0;
  let finished = '';
  return {
    show(progress) {
      const percent = percentOf(progress);
      const done = percent === 100;
      if (done ? finished === progress.fileName : now() - lastAt < 1000) return;
      if (done) finished = progress.fileName;
      lastAt = now();
      stream.write(`importing ${progress.fileName}: ${percent}% (${progress.rowsRead} rows, ${progress.rejected} rejected)\n`);
    },
    stop() {},
  };
}
