import { Department, Person, Team } from '@samspil/core';
import * as z from 'zod/mini';
import { ChatSettings, ChatSettingsPatch, settingsProblem, settingsView, storedChanges } from '../chat-settings.js';
import { audit } from '../store/audit.js';
import { changeWorkspaceSettings, listWorkspaces, type LinkedWorkspace } from '../store/chat.js';
import { checkCasesCoordinatedBy } from '../store/cases.js';
import { upsertDepartment, upsertPerson, upsertTeam } from '../store/organisation.js';
import { notFound, Problem } from './problem.js';
import { problems, type Api, type Context } from './route.js';
import { DepartmentBody, IdParams, PersonBody, TeamBody } from './schemas.js';

const WorkspaceParams = z.strictObject({ platform: z.enum(['slack', 'teams']), workspace: z.string().check(z.regex(/^[\w.:@-]{1,200}$/)) });
/** A linked chat workspace with the settings the municipality sets. */
const ChatWorkspace = z.object({ platform: z.enum(['slack', 'teams']), workspaceId: z.string(), linkedAt: z.string(), settings: ChatSettings });
const workspaceView = (w: LinkedWorkspace) => ({ platform: w.platform, workspaceId: w.workspaceId, linkedAt: w.linkedAt.toISOString(), settings: settingsView(w.settings) });

/** The body of a PUT whose id is the URL's: the id may be left out of the body, and must match when given. */
function withId<T extends { id?: string | undefined }>(id: string, body: T): T & { id: string } {
  if (body.id !== undefined && body.id !== id) throw new Problem(422, "body id: differs from the URL's id");
  return { ...body, id };
}

/**
 * The municipality's organisation as the vendor's system knows it: departments
 * (with their heads), teams (with their leads) and professionals (with their team
 * lead, chat identities and availability). The stall rules and the escalation
 * ladder read these. Tenant API keys only.
 */
export function organisationRoutes({ db, now }: Context) {
  return async (api: Api) => {
    api.put('/departments/:id', { config: { access: 'tenant' }, schema: { summary: 'Create or update a department (with its head)', params: IdParams, body: DepartmentBody, response: { 200: Department } } }, async (request) => {
      const d = withId(request.params.id, request.body);
      await upsertDepartment(db, request.actor.tenant, d);
      await audit(db, request.actor, 'department.write', null, { department: d.id });
      return d;
    });

    api.put('/teams/:id', { config: { access: 'tenant' }, schema: { summary: 'Create or update a team (with its lead)', params: IdParams, body: TeamBody, response: { 200: Team } } }, async (request) => {
      const t = withId(request.params.id, request.body);
      await upsertTeam(db, request.actor.tenant, t);
      await audit(db, request.actor, 'team.write', null, { team: t.id });
      return t;
    });

    api.put(
      '/people/:id',
      { config: { access: 'tenant' }, schema: { summary: 'Create or update a professional (team lead, chat identities, availability)', params: IdParams, body: PersonBody, response: { 200: Person } } },
      async (request) => {
        const p = withId(request.params.id, request.body);
        await db.transaction(async (tx) => {
          await upsertPerson(tx, request.actor.tenant, p);
          // An absence or a departure can stall the cases the person coordinates: look at them now.
          await checkCasesCoordinatedBy(tx, request.actor.tenant, p.id, now());
          await audit(tx, request.actor, 'person.write', null, { person: p.id });
        });
        return p;
      },
    );

    api.get('/chat-workspaces', { config: { access: 'tenant' }, schema: { summary: "The municipality's linked Slack workspaces and Teams organisations, with their settings", response: { 200: z.object({ workspaces: z.array(ChatWorkspace) }) } } }, async (request) => {
      const workspaces = await listWorkspaces(db, request.actor.tenant);
      await audit(db, request.actor, 'chat.settings.read', null, { workspaces: workspaces.length });
      return { workspaces: workspaces.map(workspaceView) };
    });

    api.patch(
      '/chat-workspaces/:platform/:workspace',
      {
        config: { access: 'tenant' },
        schema: {
          summary: "Change a linked workspace's settings (a JSON merge patch: a key left out stays, null restores the default): coordination channel, language, Teams' team",
          params: WorkspaceParams,
          body: ChatSettingsPatch,
          response: { 200: ChatWorkspace, ...problems(404) },
        },
      },
      async (request) => {
        const { platform, workspace } = request.params;
        const problem = settingsProblem(platform, request.body);
        if (problem) throw new Problem(422, problem);
        const { set, unset } = storedChanges(request.body);
        const changed = await changeWorkspaceSettings(db, request.actor.tenant, platform, workspace, set, unset);
        // Another municipality's workspace is as unknown as one that does not exist.
        if (!changed) throw notFound(`the ${platform} workspace`);
        await audit(db, request.actor, 'chat.settings.write', null, { platform, workspace, changed: [...Object.keys(set), ...unset] });
        return workspaceView(changed);
      },
    );
  };
}
