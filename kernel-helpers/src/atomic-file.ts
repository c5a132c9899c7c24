/**
 * Writing a file so that a crash, a kill or a full disk mid-write never leaves it half written (issue 7):
 * the bytes go to a temporary file beside it, are flushed to disk, and the temporary file is renamed over the
 * target, which on one filesystem replaces it in one step. Readers see the old file or the new one, never a mix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
