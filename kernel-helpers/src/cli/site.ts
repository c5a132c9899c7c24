/**
 * `npm run site`: executes the course notebooks (reusing fresh executed copies from
 * test-output/notebooks/) and writes the course as a static site to site/, to open offline
 * from file://site/index.html or to publish as it is.
 */
import * as path from 'node:path';
import { ensureJupyter, installKernelspec } from '../jupyter/environment';
import { courseNotebooks } from '../jupyter/notebooks';
import { SITE_DIR, buildSite } from '../static-site/build-site';
import { refuseOptions } from './no-options';

refuseOptions('npm run site');
ensureJupyter();
installKernelspec();
const chapters = buildSite(courseNotebooks());
console.log(`Wrote ${chapters.length} chapter pages and the index to ${path.relative(process.cwd(), SITE_DIR) || '.'}/index.html`);
