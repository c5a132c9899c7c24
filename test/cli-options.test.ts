import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const CLI = path.resolve(__dirname, '..', 'kernel-helpers', 'dist', 'cli');

test('commands without options refuse one in a single line, exit code 2, before doing anything', () => {
  for (const [script, command] of [['course.js', 'npm start'], ['site.js', 'npm run site'], ['bench.js', 'npm run bench']]) {
    const result = spawnSync(process.execPath, [path.join(CLI, script), '--port', '9000'], { encoding: 'utf8' });
    assert.is(result.status, 2, `${command}: ${result.stdout}${result.stderr}`);
    assert.is(result.stderr, `${command}: takes no options, got: --port 9000\n`);
    assert.is(result.stdout, '');
  }
});

test.run();
