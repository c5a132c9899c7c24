/** The GAN course's helpers: each module below is one concern; notebooks import them from here. */
export * from './backend';
export * from './versions';
export * from './plotting';
export * from './seeding';
export * from './data';
export * from './batches';
export * from './models';
export * from './training';
export * from './accuracy';
export * from './generation';
export * from './progress';
export * from './model-io';
export * from './data-frame';
export * from './run-charts';
