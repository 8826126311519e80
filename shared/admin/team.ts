import { z } from 'zod';
import { idSchema, isoTimeSchema, roleSchema } from '../domain/entities';

/**
 * Running the team over HTTP (server/team/team-routes.ts). Leads and owners read the
 * members; only owners change them. A 400 answers `fieldErrorsResponseSchema` (one message
 * per bad field); nothing of a refused request is written.
 *
 * - GET  /api/team/members                 lead, owner: every member
 * - POST /api/team/members                 owner: add an agent or lead (with store grants)
 * - PUT  /api/team/members/:id/stores      owner: an agent's store grants, as a whole set
 * - PUT  /api/team/members/:id/reveal      owner: whether an agent may reveal buyer contact data
 * - POST /api/users/:id/enable             owner: undo a disable (not a removal)
 * Disable, remove and single-grant withdrawal are the security routes (shared/security/api.ts).
 */
export const TEAM_MEMBERS_PATH = '/api/team/members';

/** The CLI's rules too (server/admin/cli.ts): a login name without spaces, 8+ character passwords. */
export const memberNameSchema = z.string().trim().min(1, 'required').max(64).regex(/^\S+$/, 'a name without spaces');
export const memberPasswordSchema = z.string().min(8, 'at least 8 characters').max(256);

export const MEMBER_STATES = ['active', 'disabled', 'removed'] as const;
export const memberStateSchema = z.enum(MEMBER_STATES);
export type MemberState = z.infer<typeof memberStateSchema>;

export const teamMemberSchema = z.object({
  id: idSchema,
  name: z.string(),
  displayName: z.string(),
  role: roleSchema,
  state: memberStateSchema,
  /** Effective: leads and owners always may; an agent only when an owner allowed it. */
  canRevealPii: z.boolean(),
  /** An agent's granted stores. Leads and owners see every store and have none listed. */
  storeIds: z.array(idSchema),
  createdAt: isoTimeSchema,
});
export type TeamMember = z.infer<typeof teamMemberSchema>;
export const teamMemberListSchema = z.object({ members: z.array(teamMemberSchema) });

/** Owners are added from the server's admin CLI only: the app never creates another owner. */
export const memberCreateRequestSchema = z.object({
  name: memberNameSchema,
  displayName: z.string().trim().max(128).optional(),
  role: z.enum(['agent', 'lead']),
  password: memberPasswordSchema,
  /** Stores an agent may see from the start; must be empty for a lead (who sees all). */
  storeIds: z.array(idSchema).max(1000).default([]),
});
export type MemberCreateRequest = z.input<typeof memberCreateRequestSchema>;

export const memberStoresRequestSchema = z.object({ storeIds: z.array(idSchema).max(1000) });
export type MemberStoresRequest = z.infer<typeof memberStoresRequestSchema>;

export const memberRevealRequestSchema = z.object({ canRevealPii: z.boolean() });
export type MemberRevealRequest = z.infer<typeof memberRevealRequestSchema>;
