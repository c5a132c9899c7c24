/**
 * The course's own files (issue 7). Reading: a missing or unreadable file is an error that names it and says
 * what it was for, never a bare ENOENT. Writing: a crash, a kill or a full disk mid-write never leaves a file
 * half written: the bytes go to a temporary file beside it, are flushed to disk, and the temporary file is
 * renamed over the target, which on one filesystem replaces it in one step. Readers see the old file or the
 * new one, never a mix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The bytes of `file`; an error says `FILE: cannot read WHAT (ENOENT)` when it cannot be read. */
export function readNamedFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
