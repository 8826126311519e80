import {
  auditListSchema,
  customerErasureResponseSchema,
  customerExportSchema,
  type CustomerErasureResponse,
  revealResponseSchema,
  teamSettingsSchema,
  type AuditEntry,
  type BuyerContact,
  type TeamSettings,
} from '../../../../shared';
import { requestServer } from '../../app/serverRequest';
import type { SessionRow } from '../../db';

/**
 * The security HTTP API from the renderer (shared/security/api.ts). Unmasked contact
 * data lives only in the component that asked for it: it is never written to the cache.
 */
export class SecurityApiError extends Error {
  constructor(readonly status: number | null, message: string) {
    super(message);
    this.name = 'SecurityApiError';
  }
}

async function call<T>(session: SessionRow, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, parse: (body: unknown) => T, body?: unknown): Promise<T> {
  const response = await requestServer(session, method, path, body);
  if (!response) throw new SecurityApiError(null, 'unreachable');
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = typeof json === 'object' && json !== null && 'error' in json ? String(json.error) : `HTTP ${response.status}`;
    throw new SecurityApiError(response.status, error);
  }
  return parse(json);
}

export async function revealContact(session: SessionRow, customerId: string): Promise<BuyerContact> {
  return (await call(session, 'POST', `/api/customers/${encodeURIComponent(customerId)}/reveal`, (b) => revealResponseSchema.parse(b))).contact;
}

export async function fetchAudit(session: SessionRow): Promise<AuditEntry[]> {
  return (await call(session, 'GET', '/api/audit?limit=200', (b) => auditListSchema.parse(b))).entries;
}

export function saveRetention(session: SessionRow, retentionDays: number | null): Promise<TeamSettings> {
  return call(session, 'PUT', '/api/settings/retention', (b) => teamSettingsSchema.parse(b), { retentionDays });
}

/** The buyer's data as pretty-printed JSON text, for the app to save as a file (the server audits the export). */
export async function exportCustomerData(session: SessionRow, customerId: string): Promise<string> {
  const data = await call(session, 'GET', `/api/customers/${encodeURIComponent(customerId)}/export`, (b) => customerExportSchema.parse(b));
  return JSON.stringify(data, null, 2);
}

/** Erases the buyer's personal data on the server; the change reaches every cache through sync. */
export function eraseCustomerData(session: SessionRow, customerId: string): Promise<CustomerErasureResponse> {
  return call(session, 'DELETE', `/api/customers/${encodeURIComponent(customerId)}`, (b) => customerErasureResponseSchema.parse(b));
}
