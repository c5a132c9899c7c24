/** For commands that take no options (`npm start`, `npm run site`, `npm run bench`): anything given is refused. */
export function refuseOptions(command: string, args: string[] = process.argv.slice(2)): void {
  if (args.length === 0) return;
  console.error(`${command}: takes no options, got: ${args.join(' ')}`);
  process.exit(2);
}
