import {
  TEAM_MEMBERS_PATH,
  fieldErrorsResponseSchema,
  teamMemberListSchema,
  teamMemberSchema,
  type MemberCreateRequest,
  type TeamMember,
} from '../../../../shared';
import { requestServer } from '../../app/serverRequest';
import type { SessionRow } from '../../db';
import { AdminApiError } from './adminApi';

/**
 * The team HTTP API (shared/admin/team.ts) plus the security routes that disable and
 * remove accounts. Online only: no answer at all is an AdminApiError with status null.
 */
async function call<T>(session: SessionRow, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, parse: (body: unknown) => T, body?: unknown): Promise<T> {
  const response = await requestServer(session, method, path, body);
  if (!response) throw new AdminApiError(null, 'unreachable');
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = fieldErrorsResponseSchema.safeParse(json);
    throw new AdminApiError(response.status, parsed.success ? parsed.data.error : `HTTP ${response.status}`, parsed.success ? parsed.data.fieldErrors : {});
  }
  return parse(json);
}

const memberPath = (id: string) => `${TEAM_MEMBERS_PATH}/${encodeURIComponent(id)}`;
const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export async function fetchMembers(session: SessionRow): Promise<TeamMember[]> {
  return (await call(session, 'GET', TEAM_MEMBERS_PATH, (b) => teamMemberListSchema.parse(b))).members;
}

export function addMember(session: SessionRow, request: MemberCreateRequest): Promise<TeamMember> {
  return call(session, 'POST', TEAM_MEMBERS_PATH, (b) => teamMemberSchema.parse(b), request);
}

export function setMemberStores(session: SessionRow, id: string, storeIds: string[]): Promise<TeamMember> {
  return call(session, 'PUT', `${memberPath(id)}/stores`, (b) => teamMemberSchema.parse(b), { storeIds });
}

export function setMemberReveal(session: SessionRow, id: string, canRevealPii: boolean): Promise<TeamMember> {
  return call(session, 'PUT', `${memberPath(id)}/reveal`, (b) => teamMemberSchema.parse(b), { canRevealPii });
}

export function enableMember(session: SessionRow, id: string): Promise<TeamMember> {
  return call(session, 'POST', `${userPath(id)}/enable`, (b) => teamMemberSchema.parse(b));
}

/** Disable (`remove` false) or remove; the answer carries no member, so the caller reloads. */
export async function disableMember(session: SessionRow, id: string, remove: boolean): Promise<void> {
  await call(session, remove ? 'DELETE' : 'POST', remove ? userPath(id) : `${userPath(id)}/disable`, () => undefined);
}
