// The privacy check both adapters' tests run over everything their app sent: a chat
// message carries case references, plan structure, statuses and links, never a CPR
// number or the citizen's data (name, words, the caseworkers' notes).
import { CPR_PATTERN } from '@samspil/core';

/** The problems in what was sent, one line each; empty when it is clean. */
export function personalDataIn(sent: readonly unknown[], forbidden: readonly string[]): string[] {
  const problems: string[] = [];
  for (const message of sent) {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    const cpr = CPR_PATTERN.exec(text);
    if (cpr) problems.push(`a CPR number (${cpr[0]}) in ${text.slice(0, 200)}`);
    for (const f of forbidden) if (f && text.includes(f)) problems.push(`"${f}" in ${text.slice(0, 200)}`);
  }
  return problems;
}
