import {
  ASSIGNMENT_PATH,
  STORES_PATH,
  adminStoreListSchema,
  adminStoreSchema,
  assignmentSettingsSchema,
  fieldErrorsResponseSchema,
  platformFormListSchema,
  type AdminStore,
  type AssignmentSettings,
  type PlatformForm,
  type StoreCreateRequest,
  type StoreUpdateRequest,
} from '../../../../shared';
import { requestServer } from '../../app/serverRequest';
import type { SessionRow } from '../../db';

/**
 * Store administration and assignment settings over HTTP (shared/admin). A 400 carries a
 * message per field (`name`, `currency`, `credentials.<field>`), shown beside each input.
 */
export class AdminApiError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** One owner/lead HTTP call: the answer parsed, or an AdminApiError with the server's field errors. */
export async function callAdminApi<T>(
  session: SessionRow,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  parse: (body: unknown) => T,
  body?: unknown,
): Promise<T> {
  const response = await requestServer(session, method, path, body);
  if (!response) throw new AdminApiError(null, 'unreachable');
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = fieldErrorsResponseSchema.safeParse(json);
    throw new AdminApiError(response.status, parsed.success ? parsed.data.error : `HTTP ${response.status}`, parsed.success ? parsed.data.fieldErrors : {});
  }
  return parse(json);
}

export async function fetchStores(session: SessionRow): Promise<AdminStore[]> {
  return (await callAdminApi(session, 'GET', STORES_PATH, (b) => adminStoreListSchema.parse(b))).stores;
}

export async function fetchPlatformForms(session: SessionRow): Promise<PlatformForm[]> {
  return (await callAdminApi(session, 'GET', `${STORES_PATH}/platforms`, (b) => platformFormListSchema.parse(b))).platforms;
}

export function createStore(session: SessionRow, request: StoreCreateRequest): Promise<AdminStore> {
  return callAdminApi(session, 'POST', STORES_PATH, (b) => adminStoreSchema.parse(b), request);
}

export function updateStore(session: SessionRow, id: string, request: StoreUpdateRequest): Promise<AdminStore> {
  return callAdminApi(session, 'PATCH', `${STORES_PATH}/${encodeURIComponent(id)}`, (b) => adminStoreSchema.parse(b), request);
}

export function fetchAssignment(session: SessionRow): Promise<AssignmentSettings> {
  return callAdminApi(session, 'GET', ASSIGNMENT_PATH, (b) => assignmentSettingsSchema.parse(b));
}

export function saveAssignment(session: SessionRow, settings: AssignmentSettings): Promise<AssignmentSettings> {
  return callAdminApi(session, 'PUT', ASSIGNMENT_PATH, (b) => assignmentSettingsSchema.parse(b), settings);
}
