import {
  TEAM_MEMBERS_PATH,
  teamMemberListSchema,
  teamMemberSchema,
  type MemberCreateRequest,
  type TeamMember,
} from '../../../../shared';
import type { SessionRow } from '../../db';
import { callAdminApi } from './adminApi';

/**
 * The team HTTP API (shared/admin/team.ts) plus the security routes that disable and
 * remove accounts. Online only: no answer at all is an AdminApiError with status null.
 */
const memberPath = (id: string) => `${TEAM_MEMBERS_PATH}/${encodeURIComponent(id)}`;
const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export async function fetchMembers(session: SessionRow): Promise<TeamMember[]> {
  return (await callAdminApi(session, 'GET', TEAM_MEMBERS_PATH, (b) => teamMemberListSchema.parse(b))).members;
}

export function addMember(session: SessionRow, request: MemberCreateRequest): Promise<TeamMember> {
  return callAdminApi(session, 'POST', TEAM_MEMBERS_PATH, (b) => teamMemberSchema.parse(b), request);
}

export function setMemberStores(session: SessionRow, id: string, storeIds: string[]): Promise<TeamMember> {
  return callAdminApi(session, 'PUT', `${memberPath(id)}/stores`, (b) => teamMemberSchema.parse(b), { storeIds });
}

export function setMemberReveal(session: SessionRow, id: string, canRevealPii: boolean): Promise<TeamMember> {
  return callAdminApi(session, 'PUT', `${memberPath(id)}/reveal`, (b) => teamMemberSchema.parse(b), { canRevealPii });
}

export function enableMember(session: SessionRow, id: string): Promise<TeamMember> {
  return callAdminApi(session, 'POST', `${userPath(id)}/enable`, (b) => teamMemberSchema.parse(b));
}

/** Disable (`remove` false) or remove; the answer carries no member, so the caller reloads. */
export async function disableMember(session: SessionRow, id: string, remove: boolean): Promise<void> {
  await callAdminApi(session, remove ? 'DELETE' : 'POST', remove ? userPath(id) : `${userPath(id)}/disable`, () => undefined);
}
