/**
 * tslab reads a variable declared in an earlier cell as `exports.name`, but it misses the shorthand
 * property `{ name }`: it asks for the symbol of the property, not of the variable, so a cell like
 * `trainGan(images, { epochs })` fails with "epochs is not defined". `{ name }` means `{ name: name }` in
 * every object literal, destructuring assignments included, so the kernel spells shorthand properties
 * out before tslab compiles a cell. A cell that does not parse is left alone, for tslab to report.
 */
import * as ts from '@tslab/typescript-for-tslab';

export function expandShorthandProperties(code: string): string {
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  if ((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return code;
  const names: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) names.push(node.name);
    ts.forEachChild(node, visit);
  };
  visit(file);
  let expanded = code;
  for (const name of names.reverse()) {
    expanded = `${expanded.slice(0, name.end)}: ${name.text}${expanded.slice(name.end)}`;
  }
  return expanded;
}
