// Which commands only read and answer: a platform runs those beside the check that their
// delivery is a first (the Teams bot's `status`), and everything else after it.
import { describe, expect, it } from 'vitest';
import { answersOnly } from '../src/commands.js';

describe('answersOnly', () => {
  it('holds for help, a word not known, status and stalled, in any case and spacing', () => {
    for (const text of ['', 'help', '  HELP ', 'hvad', 'status SAG-1', 'Status  SAG-1', 'stalled']) expect(answersOnly(text), text).toBe(true);
  });

  it('does not hold for a command that writes, nor for its Danish word', () => {
    for (const text of ['coordinate SAG-1', 'coordinator SAG-1', 'handover SAG-1', 'skift SAG-1', 'takeover SAG-1', 'overtag SAG-1', 'cover SAG-1', 'dæk SAG-1', 'meeting SAG-1', 'møde SAG-1', 'disagreement SAG-1', 'uenighed', 'link SAG-1 X', 'forbind SAG-1 X', 'rc start'])
      expect(answersOnly(text), text).toBe(false);
  });
});
