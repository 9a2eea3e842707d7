/**
 * Scheduling's module: what other features may use. Nothing else of scheduling is imported
 * from outside this folder.
 */
export { appointmentSubject } from './subjects.ts';
