/** The shell of the course's standalone HTML pages (training reports, the static site). */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `body { font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
nav { display: flex; gap: 1.5em; margin-bottom: 1em; font-size: 0.95em; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }
.gan-chart { margin: 1em 0; }`;

/** A complete page; `title` is plain text, `body` and `head` are HTML. */
export function htmlPage(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${STYLE}
</style>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}
