/**
 * The course's Jupyter set-up, kept inside the project: Jupyter's data, config and runtime
 * folders live under `<project>/.jupyter/`, so the kernelspec and notebook trust never touch
 * the user's own Jupyter. Jupyter itself comes from Debian's packages (the Python package
 * index is not reachable everywhere the course runs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const NOTEBOOKS_DIR = path.join(PROJECT_ROOT, 'notebooks');
export const JUPYTER_HOME = path.join(PROJECT_ROOT, '.jupyter');
export const PYTHON = '/usr/bin/python3';
export const JUPYTER = '/usr/bin/jupyter';
export const KERNEL_NAME = 'gan-course';
export const KERNEL_DISPLAY_NAME = 'TypeScript (GAN course)';

/** Debian packages that provide Jupyter Notebook, nbclient/nbconvert and the kernel test suite. */
export const JUPYTER_DEBIAN_PACKAGES = [
  'jupyter-notebook',
  'python3-nbconvert',
  'python3-nbclient',
  'jupyter-client',
  'python3-jupyter-kernel-test',
];
const JUPYTER_PYTHON_MODULES = ['notebook', 'nbconvert', 'nbclient', 'jupyter_client', 'jupyter_kernel_test'];

/** The environment every Jupyter command of the course runs with. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    JUPYTER_DATA_DIR: path.join(JUPYTER_HOME, 'data'),
    JUPYTER_CONFIG_DIR: path.join(JUPYTER_HOME, 'config'),
    JUPYTER_RUNTIME_DIR: path.join(JUPYTER_HOME, 'runtime'),
    // Debian's ipykernel warns about frozen modules on every Python start; it is noise here.
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
}

export function kernelspecDir(): string {
  return path.join(JUPYTER_HOME, 'data', 'kernels', KERNEL_NAME);
}

/** The command line Jupyter runs to start the course kernel (tslab's engine, see kernel-helpers/src/kernel). */
export function kernelArgv(): string[] {
  return [process.execPath, path.join(PROJECT_ROOT, 'kernel-helpers', 'dist', 'kernel', 'main.js'), '{connection_file}'];
}

/** Writes the course kernelspec into the project's Jupyter data folder; returns its folder. */
export function installKernelspec(): string {
  const dir = kernelspecDir();
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: kernelArgv(),
    display_name: KERNEL_DISPLAY_NAME,
    language: 'typescript',
    interrupt_mode: 'signal',
  };
  writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  return dir;
}

/** The Python modules of Jupyter that /usr/bin/python3 cannot import. */
export function missingJupyterModules(): string[] {
  if (!existsSync(PYTHON)) return JUPYTER_PYTHON_MODULES;
  const probe = JUPYTER_PYTHON_MODULES.map((m) => `\ntry:\n import ${m}\nexcept ImportError:\n print('${m}')`).join('');
  const result = spawnSync(PYTHON, ['-c', probe], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}

/**
 * Makes sure the Debian packages are installed: installs them with apt-get when running as
 * root where apt-get exists, and otherwise stops with a message saying what to install.
 */
export function ensureDebianPackages(packages: string[], what: string, isInstalled: () => boolean): void {
  if (isInstalled()) return;
  const command = `apt-get install -y ${packages.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(`${what} is not installed, and this set-up can only install it as root with apt-get. Install it with:\n  sudo apt-get update && sudo ${command}`);
  }
  console.log(`Installing ${what} from Debian's packages: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (!isInstalled()) throw new Error(`apt-get finished but ${what} is still missing; try: ${command}`);
}

/** Marks notebooks as trusted in the project's trust database, so their saved chart scripts run. */
export function trustNotebooks(notebooks: string[]): void {
  // `jupyter trust` needs Debian's jupyter-nbformat command; the module behind it is always there.
  const trust = spawnSync(PYTHON, ['-m', 'nbformat.sign', ...notebooks], { env: jupyterEnv(), encoding: 'utf8' });
  if (trust.status !== 0) throw new Error(`signing the notebooks as trusted failed:\n${trust.stderr}`);
}

/** The arguments of `jupyter notebook` for the course: loopback only, a token, the course kernel for new notebooks. */
export function notebookServerArgs(options: { port: number; notebookDir: string; token: string; portRetries?: number }): string[] {
  return [
    'notebook',
    '--no-browser',
    '--ip=127.0.0.1',
    `--port=${options.port}`,
    ...(options.portRetries === undefined ? [] : [`--port-retries=${options.portRetries}`]),
    `--notebook-dir=${options.notebookDir}`,
    `--NotebookApp.token=${options.token}`,
    `--MultiKernelManager.default_kernel_name=${KERNEL_NAME}`,
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
}

export function ensureJupyter(): void {
  ensureDebianPackages(JUPYTER_DEBIAN_PACKAGES, 'Jupyter', () => existsSync(JUPYTER) && missingJupyterModules().length === 0);
}
