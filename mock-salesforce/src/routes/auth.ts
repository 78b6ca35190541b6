// Logins: the SOAP partner login jsforce uses by default, the OAuth2 token endpoint (password and
// client_credentials grants) and the identity URL. jsforce reads the SOAP reply with regexes, so
// the element names and order follow Salesforce's real reply.
import { createHmac } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { MockOrg, OrgRegistry, Session } from '../org/registry.ts';

const SOAP_HEADERS = { 'Content-Type': 'text/xml; charset=utf-8' };

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlUnescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function soapLoginFault(): string {
  const message = 'Invalid username, password, security token; or user locked out.';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode>' +
    `<faultstring>INVALID_LOGIN: ${message}</faultstring>` +
    '<detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>' +
    `<sf:exceptionMessage>${message}</sf:exceptionMessage></sf:LoginFault></detail>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

function soapLoginResult(origin: string, version: string, session: Session, mock: MockOrg): string {
  const user = mock.org.get(session.userId)?.fields ?? {};
  const org15 = mock.orgId.slice(0, 15);
  const el = (name: string, value: unknown) => `<${name}>${xmlEscape(String(value ?? ''))}</${name}>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<soapenv:Body><loginResponse><result>' +
    el('metadataServerUrl', `${origin}/services/Soap/m/${version}/${org15}`) +
    el('passwordExpired', false) +
    el('sandbox', false) +
    el('serverUrl', `${origin}/services/Soap/u/${version}/${org15}`) +
    el('sessionId', session.token) +
    el('userId', session.userId) +
    '<userInfo>' +
    el('accessibilityMode', false) +
    el('currencySymbol', '$') +
    el('orgAttachmentFileSizeLimit', 5242880) +
    el('orgDefaultCurrencyIsoCode', 'USD') +
    el('orgDisallowHtmlAttachments', false) +
    el('orgHasPersonAccounts', false) +
    el('organizationId', mock.orgId) +
    el('organizationMultiCurrency', false) +
    el('organizationName', mock.identity.orgName) +
    el('profileId', user.ProfileId ?? mock.identity.adminProfileId) +
    el('roleId', '') +
    el('sessionSecondsValid', 7200) +
    el('userDefaultCurrencyIsoCode', '') +
    el('userEmail', user.Email) +
    el('userFullName', [user.FirstName, user.LastName].filter(Boolean).join(' ')) +
    el('userId', session.userId) +
    el('userLanguage', user.LanguageLocaleKey ?? 'en_US') +
    el('userLocale', user.LocaleSidKey ?? 'en_US') +
    el('userName', user.Username) +
    el('userTimeZone', user.TimeZoneSidKey ?? 'GMT') +
    el('userType', 'Standard') +
    el('userUiSkin', 'Theme3') +
    '</userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>'
  );
}

function identityUrl(origin: string, session: Session): string {
  return `${origin}/id/${session.orgId}/${session.userId}`;
}

function tokenReply(origin: string, session: Session) {
  const issuedAt = String(Date.now());
  const id = identityUrl(origin, session);
  const signature = createHmac('sha256', session.orgId)
    .update(id + issuedAt)
    .digest('base64');
  return {
    access_token: session.token,
    instance_url: origin,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature,
  };
}

function sessionOf(registry: OrgRegistry, header: string | undefined, queryToken: string | undefined) {
  const token = bearerToken(header) ?? queryToken;
  return token ? registry.session(token) : undefined;
}

type UserFields = Record<string, unknown>;

function identityUrls(origin: string, mock: MockOrg, userId: unknown): Record<string, string> {
  const rest = `${origin}/services/data/v{version}/`;
  const org15 = mock.orgId.slice(0, 15);
  return {
    enterprise: `${origin}/services/Soap/c/{version}/${org15}`,
    metadata: `${origin}/services/Soap/m/{version}/${org15}`,
    partner: `${origin}/services/Soap/u/{version}/${org15}`,
    rest,
    sobjects: `${rest}sobjects/`,
    search: `${rest}search/`,
    query: `${rest}query/`,
    recent: `${rest}recent/`,
    tooling_soap: `${origin}/services/Soap/T/{version}/${org15}`,
    tooling_rest: `${rest}tooling/`,
    profile: `${origin}/${String(userId)}`,
    feeds: `${rest}chatter/feeds`,
    groups: `${rest}chatter/groups`,
    users: `${rest}chatter/users`,
    feed_items: `${rest}chatter/feed-items`,
    custom_domain: origin,
  };
}

/** The identity service's answer (`/id/{orgId}/{userId}`). */
function identity(origin: string, mock: MockOrg, session: Session, f: UserFields) {
  return {
    id: identityUrl(origin, { ...session, userId: f.Id as string }),
    asserted_user: f.Id === session.userId,
    user_id: f.Id,
    organization_id: mock.orgId,
    username: f.Username,
    nick_name: f.CommunityNickname ?? f.Alias ?? null,
    display_name: displayName(f),
    email: f.Email,
    email_verified: true,
    first_name: f.FirstName ?? null,
    last_name: f.LastName,
    timezone: f.TimeZoneSidKey ?? 'GMT',
    photos: photos(origin),
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: identityUrls(origin, mock, f.Id),
    active: f.IsActive !== false,
    user_type: 'STANDARD',
    language: f.LanguageLocaleKey ?? 'en_US',
    locale: f.LocaleSidKey ?? 'en_US',
    utcOffset: 0,
    last_modified_date: f.LastModifiedDate ?? null,
    is_app_installed: true,
  };
}

/** OpenID Connect UserInfo (`/services/oauth2/userinfo`): the same facts under OpenID claim names. */
function openIdUserInfo(origin: string, mock: MockOrg, session: Session, f: UserFields) {
  return {
    sub: identityUrl(origin, { ...session, userId: f.Id as string }),
    user_id: f.Id,
    organization_id: mock.orgId,
    preferred_username: f.Username,
    nickname: f.CommunityNickname ?? f.Alias ?? null,
    name: displayName(f),
    email: f.Email,
    email_verified: true,
    given_name: f.FirstName ?? null,
    family_name: f.LastName,
    zoneinfo: f.TimeZoneSidKey ?? 'GMT',
    photos: photos(origin),
    profile: `${origin}/${String(f.Id)}`,
    picture: photos(origin).picture,
    address: {},
    is_salesforce_integration_user: false,
    urls: identityUrls(origin, mock, f.Id),
    active: f.IsActive !== false,
    user_type: 'STANDARD',
    language: f.LanguageLocaleKey ?? 'en_US',
    locale: f.LocaleSidKey ?? 'en_US',
    utcOffset: 0,
    updated_at: typeof f.LastModifiedDate === 'string' ? f.LastModifiedDate.replace(/\.\d{3}\+0000$/, 'Z') : null,
    is_app_installed: true,
  };
}

function photos(origin: string) {
  return { picture: `${origin}/profilephoto/005/F`, thumbnail: `${origin}/profilephoto/005/T` };
}

function displayName(f: UserFields): string {
  return (f.Name as string | undefined) ?? [f.FirstName, f.LastName].filter(Boolean).join(' ');
}

/** `/services/Soap/u/{v}`, `/services/oauth2/token`, `/services/oauth2/userinfo`, `/id/{orgId}/{userId}`. */
export function authRoutes(registry: OrgRegistry): Hono {
  const app = new Hono();

  app.post('/services/Soap/u/:version', async (c) => {
    const body = await c.req.text();
    const username = /<(?:\w+:)?username>([^<]*)<\/(?:\w+:)?username>/.exec(body)?.[1];
    const password = /<(?:\w+:)?password>([^<]*)<\/(?:\w+:)?password>/.exec(body)?.[1];
    const session =
      username !== undefined && password !== undefined
        ? registry.login(xmlUnescape(username), xmlUnescape(password))
        : undefined;
    if (!session) return c.body(soapLoginFault(), 500, SOAP_HEADERS);
    const mock = registry.session(session.token)!.mock;
    const origin = new URL(c.req.url).origin;
    return c.body(soapLoginResult(origin, c.req.param('version'), session, mock), 200, SOAP_HEADERS);
  });

  app.post('/services/oauth2/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const grant = form.get('grant_type');
    const origin = new URL(c.req.url).origin;
    if (grant === 'password') {
      if (!form.get('client_id')) {
        return c.json({ error: 'invalid_client_id', error_description: 'client identifier invalid' }, 400);
      }
      const session = registry.login(form.get('username') ?? '', form.get('password') ?? '');
      if (!session) return c.json({ error: 'invalid_grant', error_description: 'authentication failure' }, 400);
      return c.json(tokenReply(origin, session));
    }
    if (grant === 'client_credentials') {
      const mock = [...registry.orgs()].find((o) => o.clientId === form.get('client_id'));
      if (!mock) return c.json({ error: 'invalid_client_id', error_description: 'client identifier invalid' }, 400);
      if (mock.clientSecret !== form.get('client_secret')) {
        return c.json({ error: 'invalid_client', error_description: 'invalid client credentials' }, 400);
      }
      const session = registry.openSession(mock, mock.identity.adminUserId);
      return c.json(tokenReply(origin, session));
    }
    return c.json({ error: 'unsupported_grant_type', error_description: 'grant type not supported' }, 400);
  });

  app.post('/services/oauth2/revoke', async (c) => c.body(null, 200));

  app.get('/id/:orgId/:userId', (c) => {
    const found = sessionOf(registry, c.req.header('authorization'), c.req.query('oauth_token'));
    if (!found) return c.text('Bad_OAuth_Token', 403);
    const user = found.mock.org.get(c.req.param('userId'));
    if (user?.type !== 'User' || found.mock.orgId !== found.session.orgId) return c.text('Bad_Id', 404);
    return c.json(identity(new URL(c.req.url).origin, found.mock, found.session, user.fields));
  });

  // OpenID Connect UserInfo: the Salesforce CLI asks it for the user after a token login.
  const userInfo = (c: Context) => {
    const found = sessionOf(registry, c.req.header('authorization'), c.req.query('access_token'));
    if (!found) return c.text('Bad_OAuth_Token', 403);
    const user = found.mock.org.get(found.session.userId);
    if (user?.type !== 'User') return c.text('Bad_Id', 404);
    return c.json(openIdUserInfo(new URL(c.req.url).origin, found.mock, found.session, user.fields));
  };
  app.get('/services/oauth2/userinfo', userInfo);
  app.post('/services/oauth2/userinfo', userInfo);

  return app;
}

/** The token of an `Authorization: Bearer x` (or `OAuth x`) header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim()) : null;
  return m?.[1];
}
