/** The GAN course's helpers: each module below is one concern; notebooks import them from here. */
export * from './backend';
export * from './versions';
export * from './plotting';
