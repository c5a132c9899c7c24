/**
 * tslab reads a variable declared in an earlier cell as `exports.name`, but it misses the shorthand
 * property `{ name }`: it asks for the symbol of the property, not of the variable, so a cell like
 * `trainGan(images, { epochs })` fails with "epochs is not defined". `{ name }` means `{ name: name }` in
 * every object literal, destructuring assignments included, so the kernel spells shorthand properties
 * out before tslab compiles a cell. A cell that does not parse is left alone, for tslab to report.
 */
import * as ts from '@tslab/typescript-for-tslab';

export function expandShorthandProperties(code: string): string {
  let expanded = code;
  for (const { name, spelledOut } of shorthandProperties(code).reverse()) {
    expanded = `${expanded.slice(0, name.end)}${spelledOut}${expanded.slice(name.end)}`;
  }
  return expanded;
}

/**
 * The column in `code` of a position given in its expansion, on the same line (lines are the same in
 * both; lines and columns count from 0). A position inside spelled-out text is that property's name.
 */
export function columnBeforeExpansion(code: string, line: number, expandedColumn: number): number {
  let shift = 0;
  for (const { name, spelledOut } of shorthandProperties(code)) {
    const at = ts.getLineAndCharacterOfPosition(name.getSourceFile(), name.end);
    if (at.line !== line) continue;
    if (expandedColumn < at.character + shift) break;
    if (expandedColumn < at.character + shift + spelledOut.length) return at.character - name.text.length;
    shift += spelledOut.length;
  }
  return expandedColumn - shift;
}

/** The shorthand properties of `code` in source order, each with the text that spells it out. */
function shorthandProperties(code: string): { name: ts.Identifier; spelledOut: string }[] {
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  if ((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return [];
  const properties: { name: ts.Identifier; spelledOut: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) properties.push({ name: node.name, spelledOut: `: ${node.name.text}` });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return properties;
}
