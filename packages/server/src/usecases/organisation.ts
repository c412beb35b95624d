// The municipality's organisation as the vendor's system knows it: departments (with their
// heads), teams (with their leads) and professionals (with their team lead, chat identities
// and availability). The stall rules and the escalation ladder read these.
import type { Department, Person, Team } from '@samspil/core';
import { audit, type Actor } from '../store/audit.js';
import { checkCasesCoordinatedBy } from '../store/cases.js';
import { forgetPeople } from '../store/chat.js';
import { upsertDepartment, upsertPerson, upsertTeam } from '../store/organisation.js';
import type { UseCaseDeps } from './outcome.js';

export async function saveDepartment({ db }: UseCaseDeps, actor: Actor, department: Department): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertDepartment(tx, actor.tenant, department);
    await audit(tx, actor, 'department.write', null, { department: department.id });
  });
}

export async function saveTeam({ db }: UseCaseDeps, actor: Actor, team: Team): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertTeam(tx, actor.tenant, team);
    await audit(tx, actor, 'team.write', null, { team: team.id });
  });
}

export async function savePerson({ db, now }: UseCaseDeps, actor: Actor, person: Person): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertPerson(tx, actor.tenant, person);
    // An absence or a departure can stall the cases the person coordinates: look at them now.
    await checkCasesCoordinatedBy(tx, actor.tenant, person.id, now());
    await audit(tx, actor, 'person.write', null, { person: person.id });
  });
  // The people this process keeps for plan cards (a name, a team lead, who leads): after the commit, so no read in between keeps the old ones.
  forgetPeople(db, actor.tenant);
}
