export * from './rules.ts';
export * from './sources.ts';
export * from './cautions.ts';
export * from './evaluate.ts';
