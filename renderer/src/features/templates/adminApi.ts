import {
  complianceEventListSchema,
  templateImportReportSchema,
  templateUsageReportSchema,
  type ComplianceEvent,
  type TemplateFileFormat,
  type TemplateImportReport,
  type TemplateUsageReport,
} from '../../../../shared';
import { requestServer } from '../../app/serverRequest';
import type { SessionRow } from '../../db';

/**
 * The lead/owner reports and template files over HTTP (server/templates/template-routes.ts,
 * server/compliance/compliance-routes.ts). These are online-only: nothing is cached.
 */
export type AdminApiProblem = 'unreachable' | 'forbidden' | 'badResponse' | 'server';

export class AdminApiError extends Error {
  constructor(
    readonly problem: AdminApiProblem,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

async function send(session: SessionRow, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  // Imports and exports can be large: a longer wait than the other admin calls.
  const response = await requestServer(session, method, path, body, 30_000);
  if (!response) throw new AdminApiError('unreachable', null, 'unreachable');
  return response;
}

async function failure(response: Response): Promise<AdminApiError> {
  const json: unknown = await response.json().catch(() => null);
  const message = typeof json === 'object' && json !== null && 'error' in json ? String(json.error) : `HTTP ${response.status}`;
  const problem: AdminApiProblem = response.status === 401 || response.status === 403 ? 'forbidden' : 'server';
  return new AdminApiError(problem, response.status, message);
}

async function parsed<T>(response: Response, parse: (body: unknown) => { success: true; data: T } | { success: false }): Promise<T> {
  const result = parse(await response.json().catch(() => null));
  if (!result.success) throw new AdminApiError('badResponse', response.status, 'unexpected answer');
  return result.data;
}

export async function fetchTemplateUsage(session: SessionRow): Promise<TemplateUsageReport> {
  const response = await send(session, 'GET', '/api/templates/usage');
  if (!response.ok) throw await failure(response);
  return parsed(response, (b) => templateUsageReportSchema.safeParse(b));
}

export async function fetchComplianceEvents(session: SessionRow, limit = 200): Promise<ComplianceEvent[]> {
  const response = await send(session, 'GET', `/api/compliance/events?limit=${limit}`);
  if (!response.ok) throw await failure(response);
  return (await parsed(response, (b) => complianceEventListSchema.safeParse(b))).events;
}

export interface ImportRequest {
  format: TemplateFileFormat;
  content: string;
  scope: 'team' | 'store';
  storeId: string | null;
}

/** All or nothing: a 422 is a normal answer (nothing written, every bad row listed), not an error. */
export async function importTemplateFile(session: SessionRow, request: ImportRequest): Promise<TemplateImportReport> {
  const response = await send(session, 'POST', '/api/templates/import', request);
  if (!response.ok && response.status !== 422) throw await failure(response);
  return parsed(response, (b) => templateImportReportSchema.safeParse(b));
}

/**
 * The file's bytes exactly as the server wrote them: `response.text()` would drop the
 * CSV's leading BOM, and without it Excel opens the Chinese as mojibake.
 */
export async function exportTemplateFile(session: SessionRow, format: TemplateFileFormat, scope: 'team' | 'store', storeId: string | null): Promise<Blob> {
  const query = new URLSearchParams({ format, scope, ...(storeId === null ? {} : { storeId }) });
  const response = await send(session, 'GET', `/api/templates/export?${query.toString()}`);
  if (!response.ok) throw await failure(response);
  return response.blob();
}
