/**
 * Where plotly.js comes from when a chart is drawn. Charts never inline the 10 MB bundle: each
 * page loads one copy of `plotly.js-dist` from a file the course puts where the page can reach it,
 * offline — beside an HTML page (site, report), or in the Jupyter data folder's `nbextensions/`,
 * which Jupyter Notebook serves at `<base url>nbextensions/`.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PLOTLY_PACKAGE = path.dirname(require.resolve('plotly.js-dist/package.json'));
const PLOTLY_VERSION: string = require('plotly.js-dist/package.json').version;

/** The bundle's file name, versioned so a browser never keeps a stale cached copy after an upgrade. */
export const PLOTLY_FILE = `plotly-${PLOTLY_VERSION}.js`;
/** The folder under the Jupyter server's `nbextensions/` route that holds the bundle. */
export const NBEXTENSION_FOLDER = 'gan-course';

/** Copies the bundle into `dir` (once: an existing copy of the same size is kept); returns its path. */
export function copyPlotlyTo(dir: string): string {
  const source = path.join(PLOTLY_PACKAGE, 'plotly.js');
  const target = path.join(dir, PLOTLY_FILE);
  if (!existsSync(target) || statSync(target).size !== statSync(source).size) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(source, target);
  }
  return target;
}

/** Jupyter's data folder as Jupyter computes it: JUPYTER_DATA_DIR, else the XDG data home. */
function jupyterDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

/**
 * Puts the bundle where the notebook server that started this kernel serves it. The kernel
 * inherits the server's environment, so this finds the course's `.jupyter/data` under
 * `npm start`, and the user's own data folder under a Jupyter they started themselves.
 */
export function installPlotlyForNotebookServer(env: NodeJS.ProcessEnv = process.env): string {
  return copyPlotlyTo(path.join(jupyterDataDir(env), 'nbextensions', NBEXTENSION_FOLDER));
}
