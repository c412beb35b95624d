// One plan however many case systems (issue 26), from chat: `forbind SAGSNR ANDET-SAGSNR [system]`
// / `link CASE-REF OTHER-REF [system]` links another case system's reference to the coordination.
// Only its plan coordinator may; the use case checks, and every refusal (no part, not the
// coordinator, no such case, a reference linked elsewhere) gets the same neutral words, so the
// answer never confirms that a case exists. Replies carry references only.
import type { Locale } from '@samspil/core';
import type { ChatPerson } from '@samspil/server';
import type { ChatContext } from './context.js';

export const referenceMessages = {
  da: {
    usage: (word: string) => `Brug: ${word} SAGSNR ANDET-SAGSNR [system], fx ${word} SAG-2026-0417 FAM-2026-118 familie-sag`,
    linked: (reference: string, other: string, all: string[]) => `${other} er nu forbundet med koordineringen ${reference}: én plan, én plankoordinator. Sagsnumre: ${all.join(', ')}.`,
    already: (reference: string, other: string) => `${other} er allerede forbundet med koordineringen ${reference}.`,
    closedMerged: (into: string) => `Koordineringen er lagt sammen med ${into}: én plan. Den fortsætter dér; denne tråd er lukket.`,
  },
  en: {
    usage: (word: string) => `Usage: ${word} CASE-REF OTHER-REF [system], e.g. ${word} SAG-2026-0417 FAM-2026-118 familie-sag`,
    linked: (reference: string, other: string, all: string[]) => `${other} is now linked to the coordination ${reference}: one plan, one plan coordinator. References: ${all.join(', ')}.`,
    already: (reference: string, other: string) => `${other} is linked to the coordination ${reference} already.`,
    closedMerged: (into: string) => `This coordination was joined with ${into}: one plan. It goes on there; this thread is closed.`,
  },
} satisfies Record<Locale, unknown>;

export class ReferenceFlows {
  constructor(private readonly context: ChatContext) {}

  /** `forbind`/`link`: the coordination named by the reference the person used. */
  async link(tenant: string, person: ChatPerson, args: string[], word: string, locale: Locale): Promise<string> {
    const t = referenceMessages[locale];
    const [reference, other, system] = args;
    if (!reference || !other) return t.usage(word);
    const actor = this.context.actor(tenant, person);
    for (const r of [reference, other]) {
      const notOne = await this.context.notAReference(actor, r, 'reference.link');
      if (notOne) return notOne;
    }
    const r = await this.context.deps.useCases.linkReference(actor, reference, other, system, 'reference.link');
    if (!r.ok) return r.reason === 'invalid' ? t.usage(word) : (await this.context.textsOf(tenant)).noAccess(reference);
    return r.linked ? t.linked(reference, other, r.references.map((x) => x.reference)) : t.already(reference, other);
  }
}
