import { tableReference } from '../../platform/references.ts';
import { carePlans, questionnaireRequests } from './tables.ts';

/**
 * A plan of care of the clinic. Naming one checks only the clinic; the use case that links to it
 * checks it belongs to the same patient.
 */
export const carePlanReference = tableReference({
  name: 'care-plan',
  noun: 'a plan of care of this clinic',
  table: carePlans,
  id: carePlans.id,
  clinic: carePlans.clinicId,
});

/** A pre-visit questionnaire request of the clinic (answers to it name it). */
export const questionnaireRequestReference = tableReference({
  name: 'questionnaire-request',
  noun: 'a questionnaire request of this clinic',
  table: questionnaireRequests,
  id: questionnaireRequests.id,
  clinic: questionnaireRequests.clinicId,
});
