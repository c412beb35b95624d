// Where the Bot Connector lives. An activity's `serviceUrl` is where the bot sends its
// answers with its own token, so it is taken only from Microsoft's hosts: a request
// naming another host could otherwise point the bot's token at it.

/** Microsoft's Bot Connector hosts: the public cloud, US Government (GCC, GCC High, DoD) and China. */
export const BOT_CONNECTOR_HOSTS = ['smba.trafficmanager.net', '*.botframework.com', 'smba.infra.gcc.teams.microsoft.com', 'smba.infra.gov.teams.microsoft.us', 'smba.infra.dod.teams.microsoft.us', '*.botframework.us', '*.botframework.azure.cn'];

const matches = (host: string, pattern: string) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern);

/**
 * Whether a service URL may be used: https on one of Microsoft's hosts, or any scheme on a
 * host the setting adds (`TEAMS_SERVICE_URL_HOSTS`: a sovereign cloud's, a test's fake on loopback).
 */
export function serviceUrlAllowed(extra: string[]): (serviceUrl: unknown) => boolean {
  return (serviceUrl) => {
    if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
    const url = new URL(serviceUrl);
    const host = url.hostname.toLowerCase();
    if (extra.some((p) => matches(host, p.toLowerCase()))) return true;
    return url.protocol === 'https:' && BOT_CONNECTOR_HOSTS.some((p) => matches(host, p));
  };
}

/**
 * Where the Bot Connector's API of a service URL is: the SDK's clients append `/v3/…`, and
 * Teams' service URLs end in '/' (https://smba.trafficmanager.net/emea/), which would make
 * `…/emea//v3/…`.
 */
export function connectorUrl(serviceUrl: string): string {
  return serviceUrl.replace(/\/+$/, '');
}
