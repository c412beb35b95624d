// The citizen's own routes (issue 28), for `<samspil-citizen-plan>` in a citizen's portal: the
// citizen's view, what they write before a meeting, and their withdrawal of consent. Rule
// `case:citizen`: a widget token of scope `citizen` for the case in the path, or the API key. A
// citizen's token reaches nothing else (access.ts).
import { CitizenView, Id, VOICE_MAX_LENGTH } from '@samspil/core';
import * as z from 'zod/mini';
import { outcome } from './outcome.js';
import { problems, type Api, type Context } from './route.js';
import { ReferenceParams } from './schemas.js';

/** What the citizen writes: the text (a CPR number in it is refused kindly by the use case, 422), and the meeting it is for. */
export const VoiceBody = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(VOICE_MAX_LENGTH)),
  meeting: z.optional(Id),
});
export const VoiceAnswer = z.object({ writtenAt: z.string() });

export function citizenRoutes({ useCases }: Context) {
  return async (api: Api) => {
    api.get(
      '/cases/:reference/citizen',
      { config: { access: 'case:citizen' }, schema: { summary: "The citizen's view of their own plan: wishes, goal, sub-goals, coordinator and contact, what happens next, who does what as consent allows, the consent, what they wrote", params: ReferenceParams, response: { 200: CitizenView, ...problems(404) } } },
      async (request) => outcome(await useCases.readCitizenView(request.actor, request.params.reference)).view,
    );

    api.post(
      '/cases/:reference/citizen/voice',
      {
        config: { access: 'case:citizen' },
        schema: { summary: 'The citizen writes what matters to them now, or a question for the next meeting (stored with the case, shown in the plan; never sent to chat)', params: ReferenceParams, body: VoiceBody, response: { 201: VoiceAnswer, ...problems(404, 422) } },
      },
      async (request, reply) => reply.status(201).send({ writtenAt: outcome(await useCases.writeVoice(request.actor, request.params.reference, request.body)).writtenAt }),
    );

    api.post(
      '/cases/:reference/citizen/consent/withdraw',
      {
        config: { access: 'case:citizen' },
        schema: { summary: 'The citizen withdraws their consent: the whole consent; the coordination closes and its place is told; nothing more is shared', params: ReferenceParams, response: { 200: CitizenView, ...problems(404, 409) } },
      },
      async (request) => outcome(await useCases.withdrawAsCitizen(request.actor, request.params.reference)).view,
    );
  };
}
