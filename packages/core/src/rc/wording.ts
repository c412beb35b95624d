// The seven RC dimensions as Samspil asks them: our own plain-language wording, not the
// validated survey's (that one is licensed by its owners). A municipality that holds a
// licence replaces an item's text, per language, with the licensed version (a tenant
// setting); `rcWording` applies those overrides.
import * as z from 'zod/mini';
import { RC_ITEMS, type RcItem } from '../schemas/rc.js';

export const RC_LOCALES = ['da', 'en'] as const;
export type RcLocale = (typeof RC_LOCALES)[number];

/** The five answers from 1 (weakest) to 5 (strongest). */
export type RcScale = readonly [string, string, string, string, string];

export interface RcItemWording {
  /** A short name of the dimension, for headings and results. */
  label: string;
  /** The question; `{group}` stands for the partner group's name. */
  question: string;
  scale: RcScale;
}

/** "Don't know": an answer the respondent may give instead of 1..5 (stored as missing). */
export const RC_DONT_KNOW: Record<RcLocale, string> = { da: 'Ved ikke', en: "Don't know" };

const OFTEN_DA: RcScale = ['Næsten aldrig', 'Sjældent', 'Nogle gange', 'For det meste', 'Næsten altid'];
const OFTEN_EN: RcScale = ['Almost never', 'Seldom', 'Sometimes', 'Mostly', 'Almost always'];
const DEGREE_DA: RcScale = ['Slet ikke', 'Lidt', 'Delvist', 'I høj grad', 'Helt'];
const DEGREE_EN: RcScale = ['Not at all', 'A little', 'Partly', 'Largely', 'Fully'];

/** Samspil's own wording of each dimension, in Danish and English. */
export const RC_WORDING: Readonly<Record<RcLocale, Readonly<Record<RcItem, RcItemWording>>>> = {
  da: {
    frequent: {
      label: 'Hyppig kommunikation',
      question: 'Hvor ofte er du i kontakt med {group} om de borgere, I begge arbejder med?',
      scale: ['Næsten aldrig', 'Sjældent', 'Af og til', 'Ofte', 'Meget ofte'],
    },
    timely: { label: 'Rettidig kommunikation', question: 'Når du har brug for noget fra {group}, får du det så i tide til at kunne bruge det?', scale: OFTEN_DA },
    accurate: { label: 'Præcis kommunikation', question: 'Kan du regne med, at det, {group} fortæller dig, er rigtigt?', scale: OFTEN_DA },
    problem_solving: {
      label: 'Problemløsende kommunikation',
      question: 'Når noget går galt i en sag, I har sammen, hvad gør {group} så?',
      scale: ['Peger på andre', 'Peger mest på andre', 'Både og', 'Hjælper mest med at løse det', 'Løser det sammen med dig'],
    },
    shared_goals: { label: 'Fælles mål', question: 'Hvor meget vil du og {group} det samme for borgeren?', scale: DEGREE_DA },
    shared_knowledge: { label: 'Fælles viden', question: 'Hvor godt ved {group}, hvad dit arbejde går ud på?', scale: ['Slet ikke', 'Lidt', 'Delvist', 'Godt', 'Meget godt'] },
    mutual_respect: { label: 'Gensidig respekt', question: 'Hvor meget værdsætter {group} det arbejde, du gør?', scale: ['Slet ikke', 'Lidt', 'Noget', 'Meget', 'Rigtig meget'] },
  },
  en: {
    frequent: {
      label: 'Frequent communication',
      question: 'How often are you in touch with {group} about the citizens you both work with?',
      scale: ['Almost never', 'Seldom', 'Now and then', 'Often', 'Very often'],
    },
    timely: { label: 'Timely communication', question: 'When you need something from {group}, does it reach you in time to use it?', scale: OFTEN_EN },
    accurate: { label: 'Accurate communication', question: 'Can you count on what {group} tells you being right?', scale: OFTEN_EN },
    problem_solving: {
      label: 'Problem-solving communication',
      question: 'When something goes wrong in a case you share, what does {group} do?',
      scale: ['Point at others', 'Mostly point at others', 'A bit of both', 'Mostly help solve it', 'Solve it together with you'],
    },
    shared_goals: { label: 'Shared goals', question: 'How much do you and {group} want the same for the citizen?', scale: DEGREE_EN },
    shared_knowledge: { label: 'Shared knowledge', question: 'How well does {group} know what your work involves?', scale: ['Not at all', 'A little', 'Partly', 'Well', 'Very well'] },
    mutual_respect: { label: 'Mutual respect', question: 'How much does {group} value the work you do?', scale: ['Not at all', 'A little', 'Somewhat', 'Much', 'Very much'] },
  },
};

const Wording = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
const Answer = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

/** A tenant's replacement of one item's text in one language (e.g. the licensed survey's); the scale too when given. */
export const RcWordingOverride = z.object({
  item: z.enum(RC_ITEMS),
  locale: z.enum(RC_LOCALES),
  question: Wording,
  scale: z.optional(z.tuple([Answer, Answer, Answer, Answer, Answer])),
});
export type RcWordingOverride = z.infer<typeof RcWordingOverride>;

export type RcWording = Record<RcItem, RcItemWording & { source: 'samspil' | 'tenant' }>;

/** The wording in `locale`: Samspil's, with the tenant's overrides in that language put in its place. */
export function rcWording(locale: RcLocale, overrides: readonly RcWordingOverride[] = []): RcWording {
  const own = RC_WORDING[locale];
  return Object.fromEntries(
    RC_ITEMS.map((item) => {
      const o = overrides.find((x) => x.item === item && x.locale === locale);
      const base = own[item];
      return [item, o ? { label: base.label, question: o.question, scale: o.scale ?? base.scale, source: 'tenant' as const } : { ...base, source: 'samspil' as const }];
    }),
  ) as RcWording;
}

/** An item's question about one partner group. */
export const rcQuestion = (wording: RcItemWording, group: string): string => wording.question.replaceAll('{group}', group);
