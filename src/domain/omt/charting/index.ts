export * from './chart.ts';
export * from './checks.ts';
export * from './derive.ts';
export * from './safety.ts';
export * from './note.ts';
export * from './summary.ts';
