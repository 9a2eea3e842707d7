/** Home exercise programs: the built-in library, searching it, and adherence per week. */
export * from './library.ts';
export * from './search.ts';
export * from './adherence.ts';
