/**
 * Damaged data files (issue 7): hundreds of corrupted variants of a valid optdigits file (truncations,
 * swapped columns, random byte changes) must each be accepted with exactly the values a second, independent
 * reading finds, or refused with one line naming the file, the first bad line and what was expected.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDigits, SHIPPED_DIGITS_FILE } from '../kernel-helpers/src/data/digits';
import { createRng, Rng } from '../kernel-helpers/src/util/seeding';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-corruption-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The first 30 digits of the shipped file: a valid file, small enough to damage hundreds of times. */
const VALID = Buffer.from(fs.readFileSync(SHIPPED_DIGITS_FILE, 'utf8').split('\n').slice(0, 30).join('\n') + '\n');

type Expected = { pixels: number[][]; labels: number[] } | { badLine: number };

/**
 * The independent reading: a line is a digit when it has 65 comma-separated fields, each an unsigned integer
 * with optional whitespace around it, pixels at most 16 and the label at most 9; whitespace-only lines are skipped.
 * badLine 0 means the file holds no digit at all.
 */
function expectedReading(text: string): Expected {
  const pixels: number[][] = [];
  const labels: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (/^\s*$/.test(line)) continue;
    const fields = line.split(',');
    const valid = fields.length === 65 && fields.every((field, k) => /^\s*\d+\s*$/.test(field) && Number(field) <= (k === 64 ? 9 : 16));
    if (!valid) return { badLine: i + 1 };
    const values = fields.map(Number);
    labels.push(values.pop() as number);
    pixels.push(values);
  }
  return labels.length > 0 ? { pixels, labels } : { badLine: 0 };
}

/** Writes `bytes` to a file, loads it as a learner would, and checks the outcome against expectedReading. */
function checkVariant(name: string, bytes: Buffer): 'accepted' | 'refused' {
  const file = path.join(dir, `${name}.csv`);
  fs.writeFileSync(file, bytes);
  const expected = expectedReading(bytes.toString('utf8'));
  let digits;
  try {
    digits = loadDigits(file);
  } catch (error) {
    const message = (error as Error).message;
    assert.ok('badLine' in expected, `${name}: refused a file the independent reading accepts: ${message}`);
    const place = expected.badLine === 0 ? `${file}: ` : `${file}:${expected.badLine}: `;
    assert.ok(message.startsWith(place), `${name}: expected the message to start with "${place}", got: ${message}`);
    assert.match(message, /expected|header|no digits/, `${name}: the message does not say what was expected: ${message}`);
    assert.ok(!message.includes('\n') && message.length < 300, `${name}: not one short line: ${JSON.stringify(message)}`);
    return 'refused';
  }
  assert.ok(!('badLine' in expected), `${name}: accepted a file whose line ${'badLine' in expected && expected.badLine} is bad`);
  assert.equal({ pixels: digits.pixels, labels: digits.labels }, expected, name);
  return 'accepted';
}

const randomInt = (rng: Rng, below: number) => Math.floor(rng.next() * below);

test('the valid file and its CRLF, blank-line, spaced and byte-order-marked versions load the same digits', () => {
  const reference = loadDigits(SHIPPED_DIGITS_FILE);
  const text = VALID.toString('utf8');
  const variants: [string, string][] = [
    ['valid', text],
    ['crlf', text.replace(/\n/g, '\r\n')],
    ['blank-lines', `\n\n${text.replace(/\n/g, '\n\n  \t\n')}`],
    ['spaces', text.replace(/,/g, ' , ')],
    ['byte-order-mark', `\uFEFF${text}`],
    ['no-final-newline', text.trimEnd()],
  ];
  for (const [name, variant] of variants) {
    assert.is(checkVariant(name, Buffer.from(variant)), 'accepted', name);
    const digits = loadDigits(path.join(dir, `${name}.csv`));
    assert.equal(digits.pixels, reference.pixels.slice(0, 30), name);
  }
});

test('each kind of bad file named in issue 7 is refused with the file, the line and what was expected', () => {
  const lines = VALID.toString('utf8').trimEnd().split('\n');
  const withLine3 = (line: string) => [...lines.slice(0, 2), line, ...lines.slice(3)].join('\n');
  const fields = lines[2].split(',');
  const cases: [string, string, RegExp][] = [
    ['empty', '', /: no digits in the file$/],
    ['header', ['pixel_' + Array.from({ length: 64 }, (_, i) => i).join(',pixel_') + ',label', ...lines].join('\n'), /:1: this looks like a header line/],
    ['too-few-columns', withLine3(fields.slice(0, 64).join(',')), /:3: expected 65 comma-separated values \(64 pixels, then the label\), found 64$/],
    ['too-many-columns', withLine3(`${lines[2]},0`), /:3: expected 65 comma-separated values .* found 66$/],
    ['not-a-number', withLine3(['x', ...fields.slice(1)].join(',')), /:3: pixel 1 is "x", expected an integer 0\.\.16$/],
    ['nan', withLine3([...fields.slice(0, 9), 'NaN', ...fields.slice(10)].join(',')), /:3: pixel 10 is "NaN", expected an integer 0\.\.16$/],
    ['pixel-out-of-range', withLine3(['17', ...fields.slice(1)].join(',')), /:3: pixel 1 is "17", expected an integer 0\.\.16$/],
    ['label-out-of-range', withLine3([...fields.slice(0, 64), '10'].join(',')), /:3: the label is "10", expected an integer 0\.\.9$/],
    ['semicolons', withLine3(lines[2].replace(/,/g, ';')), /:3: expected 65 comma-separated values .* found 1$/],
    ['control-character', withLine3(['1\u00002', ...fields.slice(1)].join(',')), /:3: pixel 1 is "1\\u00002", expected/],
  ];
  for (const [name, text, message] of cases) {
    assert.is(checkVariant(name, Buffer.from(text)), 'refused', name);
    assert.throws(() => loadDigits(path.join(dir, `${name}.csv`)), message, name);
  }
});

test('truncated files: accepted up to a whole line, refused at the cut line otherwise', () => {
  const rng = createRng(1);
  const outcomes = Array.from({ length: 80 }, (_, i) => checkVariant(`truncated-${i}`, VALID.subarray(0, 1 + randomInt(rng, VALID.length - 1))));
  // Most cuts fall inside a line; both outcomes must occur for the test to mean anything.
  assert.ok(outcomes.includes('refused'));
  const twoLines = VALID.indexOf('\n', VALID.indexOf('\n') + 1) + 1;
  assert.is(checkVariant('cut-after-2-lines', VALID.subarray(0, twoLines)), 'accepted');
});

test('swapped columns: accepted with the swapped values when they stay in range, refused when a label would exceed 9', () => {
  const rng = createRng(2);
  const lines = VALID.toString('utf8').trimEnd().split('\n');
  const outcomes = Array.from({ length: 80 }, (_, i) => {
    const row = randomInt(rng, lines.length);
    const fields = lines[row].split(',');
    const [a, b] = [randomInt(rng, 65), i % 2 === 0 ? 64 : randomInt(rng, 65)];
    [fields[a], fields[b]] = [fields[b], fields[a]];
    const damaged = lines.map((line, r) => (r === row ? fields.join(',') : line)).join('\n');
    return checkVariant(`swapped-${i}`, Buffer.from(damaged));
  });
  assert.ok(outcomes.includes('accepted') && outcomes.includes('refused'), outcomes.join(' '));
});

test('random byte changes are accepted only when the independent reading accepts them', () => {
  const rng = createRng(3);
  const outcomes = Array.from({ length: 300 }, (_, i) => {
    const bytes = Buffer.from(VALID);
    const changes = 1 + randomInt(rng, 3);
    for (let c = 0; c < changes; c++) {
      // Half the changes write a byte the format uses (digits, comma, newline, CR, space), half any byte.
      const format = '0123456789,\n\r ';
      bytes[randomInt(rng, bytes.length)] = c % 2 === 0 ? format.charCodeAt(randomInt(rng, format.length)) : randomInt(rng, 256);
    }
    return checkVariant(`bytes-${i}`, bytes);
  });
  assert.ok(outcomes.includes('accepted') && outcomes.includes('refused'), outcomes.join(' '));
});

test.run();
