export * from './schema.ts';
export * from './derive.ts';
export * from './safety.ts';
export * from './note.ts';
export * from './summary.ts';
