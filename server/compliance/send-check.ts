import {
  checkCompliance,
  hasBannedFinding,
  toReportedFinding,
  type ComplianceMode,
  type MutationPayload,
  type Platform,
  type ReportedFinding,
  type User,
} from '../../shared';
import type { Queryable } from '../storage/database';
import { effectiveTermsForStore, readStoreSettings } from './compliance-store';

type SendPayload = Extract<MutationPayload, { type: 'message.send' }>;

export type SendCheck =
  | { status: 'ok'; mode: ComplianceMode; findings: ReportedFinding[] }
  | { status: 'rejected'; code: 'compliance_blocked'; message: string };

interface SendContext {
  user: User;
  storeId: string;
  conversationId: string;
}

async function storePlatform(db: Queryable, storeId: string): Promise<Platform> {
  const [row] = await db.query<{ platform: Platform }>('SELECT platform FROM stores WHERE id = $1', [storeId]);
  if (!row) throw new Error(`store ${storeId} vanished`);
  return row.platform;
}

async function recordEvent(
  db: Queryable,
  kind: 'blocked' | 'override',
  mode: ComplianceMode,
  context: SendContext,
  payload: SendPayload,
  findings: ReportedFinding[],
): Promise<void> {
  await db.query(
    `INSERT INTO compliance_events (kind, mode, user_id, store_id, conversation_id, message_id, body, findings, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
    [kind, mode, context.user.id, context.storeId, context.conversationId, payload.messageId, payload.body, JSON.stringify(findings), payload.complianceOverride?.reason ?? null],
  );
}

/**
 * The server's own compliance check of a reply, whatever the client checked: the store's
 * effective terms and mode decide. `block` + a banned term stops the send unless a team
 * lead or owner overrides; the block is recorded (in the same transaction as the
 * mutation's rejected ack). `warn` never stops a send.
 */
export async function checkOutgoingMessage(db: Queryable, context: SendContext, payload: SendPayload): Promise<SendCheck> {
  const settings = await readStoreSettings(db, context.storeId);
  if (settings.complianceMode === 'off') return { status: 'ok', mode: 'off', findings: [] };
  const terms = await effectiveTermsForStore(db, { id: context.storeId, platform: await storePlatform(db, context.storeId) });
  const findings = checkCompliance(payload.body, terms);
  const reported = findings.map(toReportedFinding);
  if (settings.complianceMode === 'block' && hasBannedFinding(findings)) {
    const mayOverride = context.user.role === 'lead' || context.user.role === 'owner';
    if (!payload.complianceOverride || !mayOverride) {
      await recordEvent(db, 'blocked', 'block', context, payload, reported);
      const banned = [...new Set(findings.filter((f) => f.severity === 'banned').map((f) => f.term))].join(', ');
      const who = payload.complianceOverride ? ' Only a team lead or owner may override a block.' : '';
      return {
        status: 'rejected',
        code: 'compliance_blocked',
        message: `Blocked by this store's compliance policy: ${banned}.${who}`,
      };
    }
  }
  return { status: 'ok', mode: settings.complianceMode, findings: reported };
}

/** After the message was stored: an override is recorded when the reply went out with findings. */
export async function recordSentWithFindings(db: Queryable, context: SendContext, payload: SendPayload, check: Extract<SendCheck, { status: 'ok' }>): Promise<void> {
  if (check.findings.length === 0 || check.mode === 'off') return;
  await recordEvent(db, 'override', check.mode, context, payload, check.findings);
}
