/**
 * The course kernel names a failing cell's line and column (issue 10): cells run through tslab's executor
 * with the kernel's converter, and each traceback is checked against the position found in the cell's text
 * by hand. The source-map decoder is checked against TypeScript's own.
 */
import * as ts from '@tslab/typescript-for-tslab';
import { createExecutor } from 'tslab/dist/executor';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { thrownErrorContent } from '../kernel-helpers/src/kernel/content';
import { expandShorthandProperties } from '../kernel-helpers/src/kernel/shorthand';
import { CellSourceMaps, decodeMappings } from '../kernel-helpers/src/kernel/source-maps';

const sourceMaps = new CellSourceMaps();
const converter = sourceMaps.createConverter();
let thrown: unknown;
const executor = createExecutor(process.cwd(), { node: converter, browser: converter, close: () => converter.close() }, {
  log: () => {},
  error: (value: unknown) => (thrown = value),
});
let cellCount = 0;

/** Runs a cell as the kernel does; returns the traceback of what it threw (only the frames of cells and their lines). */
async function tracebackOf(code: string): Promise<string[]> {
  thrown = undefined;
  sourceMaps.expect(`In[${++cellCount}]`, code);
  await executor.execute(expandShorthandProperties(code));
  if (thrown === undefined) return [];
  const traceback = thrownErrorContent(thrown, sourceMaps.locate).traceback;
  // Below the cells come the frames of whoever ran them: here the test runner, in the kernel none.
  const runnerFrames = traceback.findIndex((line, index) => index > 0 && !line.includes(' In[') && !line.startsWith('        '));
  return runnerFrames < 0 ? traceback : traceback.slice(0, runnerFrames);
}

/** The frame and source line that the traceback should show for `marker` in `code` (lines and columns from 1). */
function expectedFrame(code: string, marker: string, frame: (location: string) => string, cell = `In[${cellCount}]`): string[] {
  const lines = code.split('\n');
  const line = lines.findIndex((text) => text.includes(marker));
  return [frame(`cell ${cell}, line ${line + 1}, column ${lines[line].indexOf(marker) + 1}`), `        ${lines[line].trim()}`];
}

test('the frames of a cell name its lines, after type-only lines that compile to nothing', async () => {
  const code = [
    'const learningRate: number = -1;',
    '',
    'interface Settings { learningRate: number }',
    'function check(settings: Settings) {',
    '  if (settings.learningRate <= 0) throw new RangeError("learningRate must be > 0");',
    '}',
    'check({ learningRate: learningRate });',
  ].join('\n');
  const traceback = await tracebackOf(code);
  assert.equal(traceback, [
    'RangeError: learningRate must be > 0',
    ...expectedFrame(code, 'new RangeError', (at) => `    at check (${at})`),
    ...expectedFrame(code, 'check({', (at) => `    at ${at}`),
  ]);
});

test('a column after a shorthand property is the column as written, not as the kernel spelled it out', async () => {
  await tracebackOf('const epochs = 3;');
  const code = 'const options = { epochs, seed: 0 };\nconsole.log({ epochs }, (null as any).learningRate);';
  const traceback = await tracebackOf(code);
  assert.equal(traceback.slice(1), expectedFrame(code, 'learningRate', (at) => `    at ${at}`));
});

test('a function from an earlier cell is shown in that cell', async () => {
  const definition = 'function train(epochs: number) {\n  if (epochs < 1) {\n    throw new Error(`epochs must be >= 1, got ${epochs}`);\n  }\n}';
  await tracebackOf(definition);
  const definedIn = `In[${cellCount}]`;
  const call = 'const epochs = -1;\ntrain(epochs);';
  const traceback = await tracebackOf(call);
  assert.equal(traceback, [
    'Error: epochs must be >= 1, got -1',
    ...expectedFrame(definition, 'new Error', (at) => `    at Proxy.train (${at})`, definedIn),
    ...expectedFrame(call, 'train(', (at) => `    at ${at}`),
  ]);
});

test('a cell with top-level await is mapped too', async () => {
  const code = 'await new Promise((resolve) => setTimeout(resolve, 1));\nconst data: number[] = [];\nawait Promise.reject(new TypeError("no data"));';
  assert.equal((await tracebackOf(code)).slice(1), expectedFrame(code, 'new TypeError', (at) => `    at ${at}`));
});

test("decodeMappings reads a source map as TypeScript's own decoder does", () => {
  const source = 'const a: number = 1;\n\nfunction f(x: string) {\n  return x.length > 100000 ? a : [1, 2, 3].map((v) => v * a).length;\n}\n';
  const { sourceMapText } = ts.transpileModule(source.repeat(20), { compilerOptions: { sourceMap: true, module: ts.ModuleKind.CommonJS } });
  const { mappings } = JSON.parse(sourceMapText!);
  type TypeScriptMapping = { generatedLine: number; generatedCharacter: number; sourceLine?: number; sourceCharacter?: number };
  const typeScriptDecoder = (ts as unknown as { decodeMappings(mappings: string): Iterable<TypeScriptMapping> }).decodeMappings;
  const expected = [...typeScriptDecoder(mappings)]
    .filter((mapping) => mapping.sourceLine !== undefined)
    .map((mapping) => [mapping.generatedLine, mapping.generatedCharacter, mapping.sourceLine, mapping.sourceCharacter]);
  const decoded = decodeMappings(mappings).flatMap((segments, line) =>
    segments.map((segment) => [line, segment.column, segment.sourceLine, segment.sourceColumn]),
  );
  assert.ok(decoded.length > 100);
  assert.equal(decoded, expected);
});

test.after(() => executor.close());

test.run();
