/**
 * The README's main command, `npm start`: Jupyter Notebook answers on 127.0.0.1 at the printed address,
 * with the course kernel registered and chosen for new notebooks, and plotly.js served for saved charts.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from './support/free-port';

const COURSE = path.resolve(__dirname, '..', 'kernel-helpers', 'dist', 'cli', 'course.js');


test('npm start serves the notebooks on 127.0.0.1 with the course kernel as the default', async () => {
  const port = await freePort();
  const course = spawn(process.execPath, [COURSE], { env: { ...process.env, COURSE_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      course.stdout.on('data', (chunk) => {
        stdout += chunk;
        const printed = /The GAN course is open at:\s+(http:\/\/127\.0\.0\.1:\d+\/tree\?token=[0-9a-f]+)/.exec(stdout);
        if (printed) resolve(printed[1]);
      });
      course.once('exit', (code) => reject(new Error(`npm start exited with ${code} before printing the address:\n${stdout}`)));
    });
    const url = new URL(address);
    assert.is(url.port, String(port));
    const token = url.searchParams.get('token');

    assert.is((await fetch(address)).status, 200);
    const contents = (await (await fetch(`${url.origin}/api/contents?token=${token}`)).json()) as { content: { name: string }[] };
    assert.ok(contents.content.some((entry) => entry.name === '00-setup.ipynb'), 'notebooks/ is the served folder');

    const specs = (await (await fetch(`${url.origin}/api/kernelspecs?token=${token}`)).json()) as {
      default: string;
      kernelspecs: Record<string, { spec: { display_name: string; argv: string[] } }>;
    };
    assert.is(specs.default, 'gan-course');
    assert.is(specs.kernelspecs['gan-course'].spec.display_name, 'TypeScript (GAN course)');
    assert.match(specs.kernelspecs['gan-course'].spec.argv.join(' '), 'kernel/main.js');

    const plotly = await fetch(`${url.origin}/nbextensions/gan-course/plotly-4.1.1.js?token=${token}`);
    assert.is(plotly.status, 200);
  } finally {
    course.kill('SIGINT');
    await new Promise((resolve) => (course.exitCode !== null ? resolve(null) : course.once('exit', resolve)));
  }
});

test.run();
