/**
 * Home exercise programs: the exercise library (built-ins and the clinic's own), prescriptions with
 * their dose, sessions the patient ticks off, and adherence per week. Other features import it only
 * through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { exerciseRoutes } from './routes.ts';
import { exerciseSubject, prescriptionSubject } from './subjects.ts';

export const feature = defineFeature({
  name: 'exercises',
  routes: exerciseRoutes,
  subjects: [exerciseSubject, prescriptionSubject],
});

/** The demo seed writes programs and their sessions through these. */
export { seedPrescription } from './seed.ts';
