// Checks a card two ways: Microsoft's own Adaptive Cards SDK (`adaptivecards`)
// parses it as 1.5 with no error or warning, and a JSON Schema of the Adaptive Cards
// 1.5 elements this bot uses, written here from the published schema reference
// (adaptivecards.io/explorer), strict about unknown properties and enum values.
// The official schema file is not published on the npm registry, the only one this
// project can install from; where it is present on a machine (ADAPTIVE_CARD_SCHEMA, a
// path to schemas/1.5.0/adaptive-card.json, or ../shared/schemas/adaptive-card-1.5.json
// beside the checkout), cards are checked against it too.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
// The package's ESM entry imports files without extensions, which Node refuses; its UMD bundle
// parses without a DOM (only rendering needs one).
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const enumOf = (...values: string[]) => ({ enum: values });
const element = {
  id: { type: 'string' },
  isVisible: { type: 'boolean' },
  separator: { type: 'boolean' },
  spacing: enumOf('default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding', 'Default', 'None', 'Small', 'Medium', 'Large', 'ExtraLarge', 'Padding'),
  height: enumOf('auto', 'stretch'),
  requires: { type: 'object', additionalProperties: { type: 'string' } },
};
const action = {
  title: { type: 'string' },
  id: { type: 'string' },
  iconUrl: { type: 'string' },
  style: enumOf('default', 'positive', 'destructive'),
  tooltip: { type: 'string' },
  isEnabled: { type: 'boolean' },
  mode: enumOf('primary', 'secondary'),
  requires: { type: 'object', additionalProperties: { type: 'string' } },
};
const strict = (type: string, properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties: { type: { const: type }, ...properties },
  required: ['type', ...required],
  additionalProperties: false,
});
const executeAction = strict('Action.Execute', { ...action, verb: { type: 'string' }, data: { type: ['object', 'string'] }, associatedInputs: enumOf('auto', 'none', 'Auto', 'None') });

export const CARD_SCHEMA = {
  $id: 'samspil:adaptive-card-1.5-subset',
  definitions: {
    TextBlock: strict('TextBlock', {
      ...element,
      text: { type: 'string' },
      color: enumOf('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention', 'Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'),
      fontType: enumOf('default', 'monospace', 'Default', 'Monospace'),
      horizontalAlignment: enumOf('left', 'center', 'right', 'Left', 'Center', 'Right'),
      isSubtle: { type: 'boolean' },
      maxLines: { type: 'number', minimum: 1 },
      size: enumOf('default', 'small', 'medium', 'large', 'extraLarge', 'Default', 'Small', 'Medium', 'Large', 'ExtraLarge'),
      weight: enumOf('default', 'lighter', 'bolder', 'Default', 'Lighter', 'Bolder'),
      wrap: { type: 'boolean' },
      style: enumOf('default', 'heading'),
    }, ['text']),
    FactSet: strict('FactSet', {
      ...element,
      facts: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, value: { type: 'string' } }, required: ['title', 'value'], additionalProperties: false } },
    }, ['facts']),
    'Input.ChoiceSet': strict('Input.ChoiceSet', {
      ...element,
      choices: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, value: { type: 'string' } }, required: ['title', 'value'], additionalProperties: false } },
      isMultiSelect: { type: 'boolean' },
      style: enumOf('compact', 'expanded', 'filtered'),
      value: { type: 'string' },
      placeholder: { type: 'string' },
      wrap: { type: 'boolean' },
      errorMessage: { type: 'string' },
      isRequired: { type: 'boolean' },
      label: { type: 'string' },
    }, ['id']),
    // The outcome form's dates (issue 25).
    'Input.Date': strict('Input.Date', { ...element, value: { type: 'string' }, min: { type: 'string' }, max: { type: 'string' }, placeholder: { type: 'string' }, errorMessage: { type: 'string' }, isRequired: { type: 'boolean' }, label: { type: 'string' } }, ['id']),
    // The booking form's time (HH:mm, as the Adaptive Cards 1.5 schema has it).
    'Input.Time': strict('Input.Time', { ...element, value: { type: 'string', pattern: '^\\d{2}:\\d{2}$' }, min: { type: 'string' }, max: { type: 'string' }, placeholder: { type: 'string' }, errorMessage: { type: 'string' }, isRequired: { type: 'boolean' }, label: { type: 'string' } }, ['id']),
    'Action.Execute': executeAction,
    'Action.OpenUrl': strict('Action.OpenUrl', { ...action, url: { type: 'string', pattern: '^[a-z][a-z0-9+.-]*:' } }, ['url']),
  },
  type: 'object',
  properties: {
    type: { const: 'AdaptiveCard' },
    $schema: { type: 'string' },
    version: { type: 'string', pattern: '^1\\.[0-5]$' },
    body: { type: 'array', items: { oneOf: ['TextBlock', 'FactSet', 'Input.ChoiceSet', 'Input.Date', 'Input.Time'].map((d) => ({ $ref: `#/definitions/${d}` })) } },
    actions: { type: 'array', items: { oneOf: ['Action.Execute', 'Action.OpenUrl'].map((d) => ({ $ref: `#/definitions/${d}` })) } },
    refresh: {
      type: 'object',
      properties: { action: { $ref: '#/definitions/Action.Execute' }, userIds: { type: 'array', items: { type: 'string' }, maxItems: 60 }, expires: { type: 'string' } },
      required: ['action'],
      additionalProperties: false,
    },
    fallbackText: { type: 'string' },
    lang: { type: 'string' },
    speak: { type: 'string' },
  },
  required: ['type', 'version'],
  additionalProperties: false,
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validators: { name: string; validate: ValidateFunction }[] = [{ name: 'the 1.5 subset schema', validate: ajv.compile(CARD_SCHEMA) }];
const official = [process.env.ADAPTIVE_CARD_SCHEMA, fileURLToPath(new URL('../../../../shared/schemas/adaptive-card-1.5.json', import.meta.url))].find((f) => f && existsSync(f));
if (official) {
  // The published file is draft-06 and names itself with `id`, which Ajv 8 reads as `$id`.
  const { id, ...schema } = JSON.parse(readFileSync(official, 'utf8')) as { id?: string };
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  validators.push({ name: 'the official 1.5 schema', validate: ajv.compile({ $id: id, ...schema }) });
}

/** The problems with a card, one line each; empty when it is a valid 1.5 card. */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  for (const { name, validate } of validators) {
    if (!validate(card)) problems.push(...(validate.errors ?? []).map((e) => `${name}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
  }
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card as never, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`adaptivecards parse: ${AC.ValidationEvent[e.event]} ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) problems.push(`adaptivecards validate: ${AC.ValidationEvent[e.event]} ${e.message}`);
  return problems;
}
