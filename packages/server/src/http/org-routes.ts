import { Department, Person, Team, TenantSettings } from '@samspil/core';
import * as z from 'zod/mini';
import type { LinkedWorkspace } from '../store/chat.js';
import { ChatSettings, ChatSettingsPatch, settingsView } from '../usecases/chat-settings.js';
import { outcome } from './outcome.js';
import { Problem } from './problem.js';
import { problems, type Api, type Context } from './route.js';
import { DepartmentBody, IdParams, PersonBody, TeamBody } from './schemas.js';

/** A merge patch of the settings: any JSON object; the use case merges it and checks the result against TenantSettings. */
const SettingsPatch = z.record(z.string(), z.unknown());

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
export function organisationRoutes({ useCases }: Context) {
  return async (api: Api) => {
    api.put('/departments/:id', { config: { access: 'tenant' }, schema: { summary: 'Create or update a department (with its head)', params: IdParams, body: DepartmentBody, response: { 200: Department } } }, async (request) => {
      const d = withId(request.params.id, request.body);
      await useCases.saveDepartment(request.actor, d);
      return d;
    });

    api.put('/teams/:id', { config: { access: 'tenant' }, schema: { summary: 'Create or update a team (with its lead)', params: IdParams, body: TeamBody, response: { 200: Team } } }, async (request) => {
      const t = withId(request.params.id, request.body);
      await useCases.saveTeam(request.actor, t);
      return t;
    });

    api.put(
      '/people/:id',
      { config: { access: 'tenant' }, schema: { summary: 'Create or update a professional (team lead, chat identities, availability)', params: IdParams, body: PersonBody, response: { 200: Person } } },
      async (request) => {
        const p = withId(request.params.id, request.body);
        await useCases.savePerson(request.actor, p);
        return p;
      },
    );

    api.get('/settings', { config: { access: 'tenant' }, schema: { summary: "The municipality's own settings, every default filled in: working days and hours, time zone, public holidays, handover days, coordinator rule, RC's k, rooms", response: { 200: TenantSettings } } }, async (request) => {
      return outcome(await useCases.readSettings(request.actor)).settings;
    });

    api.patch(
      '/settings',
      {
        config: { access: 'tenant' },
        schema: {
          summary: "Change the municipality's settings (a JSON merge patch: a key left out stays, null restores the default); refused naming the field at fault",
          body: SettingsPatch,
          response: { 200: TenantSettings, ...problems(422) },
        },
      },
      async (request) => outcome(await useCases.changeSettings(request.actor, request.body)).settings,
    );

    api.get('/chat-workspaces', { config: { access: 'tenant' }, schema: { summary: "The municipality's linked Slack workspaces and Teams organisations, with their settings", response: { 200: z.object({ workspaces: z.array(ChatWorkspace) }) } } }, async (request) => {
      const workspaces = await useCases.chatWorkspaces(request.actor);
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
        return workspaceView(outcome(await useCases.changeChatSettings(request.actor, platform, workspace, request.body)).workspace);
      },
    );
  };
}
