// The good meeting's Bolt listeners (issue 25): the invitation's outcome button opens the outcome
// modal and its submission records the outcome; a joint decision's confirm button; a
// disagreement's button for its decider. Each acknowledges first, then hands over to the flows.
import { BOOKING_FIELDS, DISAGREEMENT_FIELDS, OUTCOME_FIELDS, type ChatFlows, type OutcomeValues } from '@samspil/chat';
import type { AckFn, App, BlockAction, ButtonAction, types, ViewResponseAction } from '@slack/bolt';
import { nudgeDone, noticeModal, type Block } from './blocks.js';
import { bookingModal, buttonData, disagreementModal, outcomeModal } from './meeting-blocks.js';
import type { SlackWorkspace } from './installations.js';

const workspace = (context: Record<string, unknown>): SlackWorkspace => ({ tenant: context.tenant as string, settings: context.settings as SlackWorkspace['settings'] });

/** The modal's input values by block: a choice, several, or a date. */
type ViewValues = Record<string, Record<string, { selected_option?: { value: string } | null; selected_options?: { value: string }[]; selected_date?: string | null; selected_time?: string | null }>>;

/** A modal's case (its private_metadata); none when it is not ours, which the flows refuse. */
function metadata(view: { private_metadata: string }): Record<string, string | undefined> {
  try {
    return JSON.parse(view.private_metadata) as Record<string, string | undefined>;
  } catch {
    return {};
  }
}

export function listenMeetings(bolt: App, flows: ChatFlows): void {
  const { context: chat, meetings } = flows;

  /** A form's submission answered: a field at fault is marked where it is, so the form can be mended; anything else replaces the form. */
  const saved = (ack: AckFn<void> | AckFn<ViewResponseAction>, v: ViewValues, settings: SlackWorkspace['settings'], r: { ok: boolean; text: string; field?: string }) => {
    const t = chat.texts(settings);
    return !r.ok && r.field && v[r.field] ? ack({ response_action: 'errors', errors: { [r.field]: r.text } }) : ack({ response_action: 'update', view: noticeModal(t.appName, r.text, t.rcClose) as types.ModalView });
  };

  bolt.action<BlockAction<ButtonAction>>('meeting.outcome', async ({ ack, action, body, context, client }) => {
    await ack();
    const { tenant, settings } = workspace(context);
    const data = buttonData(action.value);
    const t = chat.texts(settings);
    const form = await meetings.outcomeForm(tenant, body.user.id, data.reference ?? '', data.meeting ?? '');
    await client.views.open({ trigger_id: body.trigger_id, view: form.ok ? outcomeModal(form.form, t.rcClose) : noticeModal(t.appName, form.text, t.rcClose) });
  });

  bolt.view('meeting.outcome', async ({ ack, view, body, context }) => {
    const { tenant, settings } = workspace(context);
    const meta = metadata(view);
    const v = view.state.values as unknown as ViewValues;
    const one = (block: string) => v[block]?.value?.selected_option?.value ?? undefined;
    const day = (block: string) => v[block]?.value?.selected_date ?? undefined;
    const values: OutcomeValues = {
      attended: one(OUTCOME_FIELDS.attended),
      decision: one(OUTCOME_FIELDS.decision),
      departments: v[OUTCOME_FIELDS.departments]?.value?.selected_options?.map((o) => o.value) ?? [],
      actions: [0, 1].map((i) => ({ intervention: one(OUTCOME_FIELDS.intervention(i)), owner: one(OUTCOME_FIELDS.owner(i)), due: day(OUTCOME_FIELDS.due(i)) })),
      nextFollowUp: day(OUTCOME_FIELDS.nextFollowUp),
    };
    await saved(ack, v, settings, await meetings.saveOutcome(tenant, body.user.id, meta.reference ?? '', meta.meeting ?? '', meta.planVersion ?? '', values));
  });

  // "Book meeting" (a plan card's or a reminder's button) and "Disagreement" (a plan card's): each opens its form; a submission books or raises.
  const forms: Record<string, (tenant: string, user: string, reference: string, close: string) => Promise<{ ok: true; view: types.ModalView } | { ok: false; text: string }>> = {
    'meeting.book': async (tenant, user, reference, close) => {
      const f = await meetings.bookingForm(tenant, user, reference);
      return f.ok ? { ok: true, view: bookingModal(f.form, close) } : f;
    },
    'disagreement.raise': async (tenant, user, reference, close) => {
      const f = await meetings.disagreementForm(tenant, user, reference);
      return f.ok ? { ok: true, view: disagreementModal(f.form, close) } : f;
    },
  };
  for (const [id, open] of Object.entries(forms)) {
    bolt.action<BlockAction<ButtonAction>>(id, async ({ ack, action, body, context, client }) => {
      await ack();
      const { tenant, settings } = workspace(context);
      const t = chat.texts(settings);
      const form = await open(tenant, body.user.id, buttonData(action.value).reference ?? '', t.rcClose);
      await client.views.open({ trigger_id: body.trigger_id, view: form.ok ? form.view : noticeModal(t.appName, form.text, t.rcClose) });
    });
  }
  bolt.view('meeting.book', async ({ ack, view, body, context }) => {
    const { tenant, settings } = workspace(context);
    const v = view.state.values as unknown as ViewValues;
    await saved(ack, v, settings, await meetings.saveBooking(tenant, body.user.id, metadata(view).reference ?? '', { day: v[BOOKING_FIELDS.day]?.value?.selected_date ?? undefined, time: v[BOOKING_FIELDS.time]?.value?.selected_time ?? undefined, room: v[BOOKING_FIELDS.room]?.value?.selected_option?.value }));
  });
  bolt.view('disagreement.raise', async ({ ack, view, body, context }) => {
    const { tenant, settings } = workspace(context);
    const v = view.state.values as unknown as ViewValues;
    await saved(ack, v, settings, await meetings.saveDisagreement(tenant, body.user.id, metadata(view).reference ?? '', v[DISAGREEMENT_FIELDS.subject]?.value?.selected_option?.value));
  });

  /** A button in a direct message: the flow, then the message says what was done instead of asking. */
  const answered = (gesture: (tenant: string, userId: string, data: Record<string, string>) => Promise<string>) =>
    async ({ ack, action, body, context, client }: { ack: () => Promise<void>; action: ButtonAction; body: BlockAction; context: Record<string, unknown>; client: App['client'] }) => {
      await ack();
      const outcome = await gesture(workspace(context).tenant, body.user.id, buttonData(action.value));
      if (body.message && body.channel) await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: nudgeDone((body.message.blocks ?? []) as Block[], outcome) });
    };
  bolt.action<BlockAction<ButtonAction>>('decision.confirm', answered((tenant, user, d) => meetings.confirm(tenant, user, d.reference ?? '', d.decision ?? '', d.department)) as never);
  bolt.action<BlockAction<ButtonAction>>('disagreement.resolve', answered((tenant, user, d) => meetings.resolve(tenant, user, d.reference ?? '', d.disagreement ?? '')) as never);
}
