/**
 * Where the JavaScript that tslab runs for a cell came from, so that an error names the cell's line and
 * column. tslab compiles a cell in two steps, TypeScript to an ES module (a watch program) and that module
 * to CommonJS (transpileModule), and keeps no source maps; nor does it take compiler options. So the
 * kernel loads tslab's converter a second time with a TypeScript whose two steps make source maps, names
 * each cell's code for V8's stack traces (`//# sourceURL=cell-N`), and maps a frame's position back
 * through both steps and the kernel's own shorthand expansion.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as ts from '@tslab/typescript-for-tslab';
import type * as tslabConverter from 'tslab/dist/converter';
import { LocateInCells } from './content';
import { columnBeforeExpansion } from './shorthand';

/** The source maps of one compiled cell: CommonJS to ES module, ES module to the cell's TypeScript. */
interface CellMaps {
  commonJs: string;
  esModule: string;
}

interface CompiledCell {
  label: string;
  /** The code as the learner wrote it, before the shorthand expansion. */
  code: string;
  maps: CellMaps;
}

// tslab compiles `export {};\n` and then the cell, so that TypeScript takes the cell for a module.
const LINES_BEFORE_THE_CELL = 1;
const INLINE_SOURCE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=\S*\s*$/;
// The line breaks of TypeScript's (and V8's) line numbers.
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

export class CellSourceMaps {
  private readonly cells = new Map<string, CompiledCell>();
  private next: { label: string; code: string } | undefined;

  /**
   * Says which cell the converter compiles next (before every cell): its label (In[3]) and its code as
   * the learner wrote it.
   */
  expect(label: string, code: string): void {
    this.next = { label, code };
  }

  /** tslab's converter for Node, whose cells are named for stack traces and mapped here. */
  createConverter(): tslabConverter.Converter {
    let transpiled: { output: string; maps: CellMaps } | undefined;
    const typescript = typeScriptWithSourceMaps((output, maps) => (transpiled = { output, maps }));
    const converter = loadTslabConverter(typescript).createConverter({ isBrowser: false });
    return {
      ...converter,
      convert: (prevDecl, src) => {
        const converted = converter.convert(prevDecl, src);
        // The maps are those of tslab's last transpile, which is the cell's: should tslab change that, its
        // cells go unnamed (frames at V8's position in tslab's code) rather than wrongly mapped.
        if (!converted.output || transpiled?.output !== converted.output) return converted;
        const file = `cell-${this.cells.size + 1}`;
        this.cells.set(file, { ...this.next!, maps: transpiled.maps });
        // V8 names the code after the last sourceURL comment, wherever it is: the executor adds a line after it.
        return { ...converted, output: `${converted.output}\n//# sourceURL=${file}` };
      },
    };
  }

  /** Where a stack frame's position (lines and columns from 1) lies in the cells. */
  readonly locate: LocateInCells = (file, line, column) => {
    const cell = this.cells.get(file);
    if (!cell) return undefined;
    // Code with no source is tslab's: CommonJS's own lines and the executor's call of the cell after them.
    const inModule = sourcePosition(cell.maps.commonJs, line - 1, column - 1);
    const inCell = inModule && sourcePosition(cell.maps.esModule, inModule.line, inModule.column);
    if (!inCell) return 'tslab';
    // So are tslab's `export {};` before the cell and its export of the cell's names after it.
    const lines = cell.code.split(LINE_BREAK);
    const lineInCell = inCell.line - LINES_BEFORE_THE_CELL;
    if (lineInCell < 0 || lineInCell >= lines.length) return 'tslab';
    const columnInCell = columnBeforeExpansion(cell.code, lineInCell, inCell.column);
    return { cell: cell.label, line: lineInCell + 1, column: columnInCell + 1, text: lines[lineInCell] };
  };
}

/**
 * TypeScript as tslab's converter uses it, with source maps: the watch program's ES module gets an inline
 * map to the cell, and transpileModule, which tslab calls on that module, returns a map to it. Both maps
 * go to `onCellTranspiled` and leave the code, which stays what tslab would have run.
 */
function typeScriptWithSourceMaps(onCellTranspiled: (output: string, maps: CellMaps) => void): typeof ts {
  const createWatchCompilerHost = ts.createWatchCompilerHost as (rootFiles: string[], options: ts.CompilerOptions, ...rest: unknown[]) => unknown;
  return Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(ts),
      createWatchCompilerHost: {
        enumerable: true,
        value: (rootFiles: string[], options: ts.CompilerOptions, ...rest: unknown[]) =>
          createWatchCompilerHost(rootFiles, { ...options, inlineSourceMap: true }, ...rest),
      },
      transpileModule: {
        enumerable: true,
        value: (input: string, options: ts.TranspileOptions): ts.TranspileOutput => {
          const inlineMap = INLINE_SOURCE_MAP.exec(input);
          const esModule = input.replace(INLINE_SOURCE_MAP, '');
          const transpiled = ts.transpileModule(esModule, { ...options, compilerOptions: { ...options.compilerOptions, sourceMap: true } });
          const outputText = transpiled.outputText.replace(SOURCE_MAP_COMMENT, '');
          const esModuleMap = inlineMap && JSON.parse(Buffer.from(inlineMap[1], 'base64').toString('utf8'));
          // Modules that cells import are compiled here too; only the cell's own file is mapped.
          if (esModuleMap?.file === '__tslab__.js') {
            onCellTranspiled(outputText, { commonJs: JSON.parse(transpiled.sourceMapText!).mappings, esModule: esModuleMap.mappings });
          }
          return { ...transpiled, outputText };
        },
      },
    },
  ) as typeof ts;
}

/** tslab's converter module, run anew with `typescript` in place of the TypeScript it imports. */
function loadTslabConverter(typescript: typeof ts): typeof tslabConverter {
  const file = require.resolve('tslab/dist/converter');
  const requireFromTslab = createRequire(file);
  const requireWithTypeScript = (id: string) => (id === '@tslab/typescript-for-tslab' ? typescript : requireFromTslab(id));
  const loaded = { exports: {} as typeof tslabConverter };
  const run = vm.compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  run(loaded.exports, requireWithTypeScript, loaded, file, path.dirname(file));
  return loaded.exports;
}

/** The source position (lines and columns from 0) of a generated position, by a source map's mappings. */
function sourcePosition(mappings: string, line: number, column: number): { line: number; column: number } | undefined {
  const segments = decodeMappings(mappings)[line] ?? [];
  const segment = segments.filter((candidate) => candidate.column <= column).pop();
  return segment && { line: segment.sourceLine, column: segment.sourceColumn };
}

interface Segment {
  column: number;
  sourceLine: number;
  sourceColumn: number;
}

/**
 * A source map's `mappings`, per generated line its segments with a source position: base64 VLQ fields,
 * each relative to the same field of the segment before (the generated column only within a line).
 * https://sourcemaps.info/spec.html
 */
export function decodeMappings(mappings: string): Segment[][] {
  const fields = [0, 0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    fields[0] = 0;
    const segments: Segment[] = [];
    for (const segment of line.split(',').filter(Boolean)) {
      const values = decodeVlq(segment);
      values.forEach((value, index) => (fields[index] += value));
      if (values.length >= 4) segments.push({ column: fields[0], sourceLine: fields[2], sourceColumn: fields[3] });
    }
    return segments;
  });
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
