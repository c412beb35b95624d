// The good meeting's card actions in Teams (issue 25): the invitation's button returns the outcome
// form, its submission records the outcome (or returns the form with what to mend); a joint
// decision's confirm button and a disagreement's button for its decider answer with what was done.
import { BOOKING_FIELDS, DISAGREEMENT_FIELDS, OUTCOME_FIELDS, type ChatFlows, type Messages, type OutcomeValues } from '@samspil/chat';
import { CARD_CONTENT_TYPE, nudgeDoneJson, noticeCardJson, type Card } from './cards.js';
import { bookingFormCardJson, disagreementFormCardJson, outcomeFormCardJson } from './meeting-cards.js';

const message = (value: string) => ({ statusCode: 200 as const, type: 'application/vnd.microsoft.activity.message' as const, value });
const cardResponse = (value: Card) => ({ statusCode: 200 as const, type: CARD_CONTENT_TYPE as 'application/vnd.microsoft.card.adaptive', value: value as never });

/** The verbs this file answers. */
export const MEETING_VERBS = ['meeting.outcome', 'meeting.outcome.save', 'decision.confirm', 'disagreement.resolve', 'meeting.book', 'meeting.book.save', 'disagreement.raise', 'disagreement.raise.save'];

/** An Action.Execute of a meeting's card; `data` holds the button's ids and, on save, the form's inputs by id. */
export async function meetingAction(flows: ChatFlows, tenant: string, userId: string, verb: string, data: Record<string, string>, t: Messages) {
  const { meetings } = flows;
  const reference = data.reference ?? '';
  if (verb === 'decision.confirm' || verb === 'disagreement.resolve') {
    const outcome = verb === 'decision.confirm' ? await meetings.confirm(tenant, userId, reference, data.decision ?? '', data.department) : await meetings.resolve(tenant, userId, reference, data.disagreement ?? '');
    return cardResponse(nudgeDoneJson({ title: data.title ?? reference, detail: '' }, outcome));
  }
  // A form a button opens (its verb) and saves (the verb and `.save`): the form again with what to
  // mend on top when a field is at fault; anything else replaces the form.
  const formAction = async (open: (warning?: string) => Promise<ReturnType<typeof message> | ReturnType<typeof cardResponse>>, save: () => Promise<{ ok: boolean; text: string; field?: string }>) => {
    if (!verb.endsWith('.save')) return open();
    const r = await save();
    return !r.ok && r.field ? open(r.text) : cardResponse(noticeCardJson(r.text));
  };
  // "Book meeting" (a plan card's or a reminder's button) and "Disagreement" (a plan card's).
  if (verb.startsWith('meeting.book')) {
    return formAction(
      async (warning) => {
        const f = await meetings.bookingForm(tenant, userId, reference);
        return f.ok ? cardResponse(bookingFormCardJson(f.form, warning)) : message(f.text);
      },
      () => meetings.saveBooking(tenant, userId, reference, { day: data[BOOKING_FIELDS.day], time: data[BOOKING_FIELDS.time], room: data[BOOKING_FIELDS.room] }),
    );
  }
  if (verb.startsWith('disagreement.raise')) {
    return formAction(
      async (warning) => {
        const f = await meetings.disagreementForm(tenant, userId, reference);
        return f.ok ? cardResponse(disagreementFormCardJson(f.form, warning)) : message(f.text);
      },
      () => meetings.saveDisagreement(tenant, userId, reference, data[DISAGREEMENT_FIELDS.subject]),
    );
  }
  if (verb.startsWith('meeting.outcome')) {
    const list = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : []);
    return formAction(
      async (warning) => {
        const f = await meetings.outcomeForm(tenant, userId, reference, data.meeting ?? '');
        return f.ok ? cardResponse(outcomeFormCardJson(f.form, warning)) : message(f.text);
      },
      () => {
        const values: OutcomeValues = {
          attended: data[OUTCOME_FIELDS.attended] || undefined,
          decision: data[OUTCOME_FIELDS.decision] || undefined,
          departments: list(data[OUTCOME_FIELDS.departments]),
          actions: [0, 1].map((i) => ({ intervention: data[OUTCOME_FIELDS.intervention(i)] || undefined, owner: data[OUTCOME_FIELDS.owner(i)] || undefined, due: data[OUTCOME_FIELDS.due(i)] || undefined })),
          nextFollowUp: data[OUTCOME_FIELDS.nextFollowUp] || undefined,
        };
        return meetings.saveOutcome(tenant, userId, reference, data.meeting ?? '', data.planVersion ?? '', values);
      },
    );
  }
  return message(t.unknownCommand(verb));
}
