import { tableReference } from '../../platform/references.ts';
import { questionnaireRequests } from './tables.ts';

/** A pre-visit questionnaire request of the clinic (answers to it name it). */
export const questionnaireRequestReference = tableReference({
  name: 'questionnaire-request',
  noun: 'a questionnaire request of this clinic',
  table: questionnaireRequests,
  id: questionnaireRequests.id,
  clinic: questionnaireRequests.clinicId,
});
