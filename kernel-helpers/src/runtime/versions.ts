/** The versions a learner should quote when something goes wrong (chapter 0). */
import * as tf from '@tensorflow/tfjs';

export interface CourseVersions {
  node: string;
  tfjs: string;
  backend: string;
  tslab: string;
  typescript: string;
  plotly: string;
  danfojs: string;
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** Versions of Node, the course's packages and the active tfjs backend (call after initBackend). */
export function courseVersions(): CourseVersions {
  return {
    node: process.versions.node,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend() ?? 'none yet: call initBackend()',
    tslab: packageVersion('tslab'),
    typescript: packageVersion('@tslab/typescript-for-tslab'),
    plotly: packageVersion('plotly.js-dist'),
    danfojs: packageVersion('danfojs-node'),
  };
}
