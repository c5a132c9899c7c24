/**
 * What a learner's clone must get right outside the code (issue 10): files Jupyter writes stay out of git,
 * and the README's commands run with the tools the course installs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = path.resolve(__dirname, '..');

test('the checkpoints Jupyter saves beside the notebooks are git-ignored', () => {
  const checkpoint = 'notebooks/.ipynb_checkpoints/01-data-checkpoint.ipynb';
  const result = spawnSync('git', ['check-ignore', '--no-index', '--quiet', checkpoint], { cwd: ROOT });
  assert.is(result.status, 0, `${checkpoint} is not ignored: ${result.stderr}`);
});

test('the README runs Python as /usr/bin/python3, the one with Debian\'s Jupyter packages', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  // `python3 ...` as a command, not /usr/bin/python3 nor a package name such as python3-torch.
  const bare = readme.split('\n').filter((line) => /(^|[^\/\w-])python3 /.test(line));
  assert.equal(bare, []);
});

test.run();
