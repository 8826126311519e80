/**
 * One native HTTP request from an emulated platform to Huixin's webhook URL
 * (`/webhooks/<platform>/<storeId>`), and its delivery with the platform's retry habit
 * (retry on network errors and 5xx, growing delays).
 */

export interface NativeRequest {
  storeId: string;
  platform: string;
  /** Topic or event name, for the record. */
  label: string;
  method: 'POST' | 'GET';
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookDeliveryRecord {
  storeId: string;
  platform: string;
  label: string;
  /** Final HTTP status, or null when Huixin could not be reached. */
  status: number | null;
  attempts: number;
  responseBody: string;
  forged: boolean;
  replay: boolean;
}

export async function deliverNativeRequest(
  huixinUrl: string,
  request: NativeRequest,
  options: { attempts: number; retryBaseMs: number; signal: AbortSignal },
): Promise<{ status: number | null; attempts: number; responseBody: string }> {
  const url = new URL(`${huixinUrl.replace(/\/$/, '')}/webhooks/${request.platform}/${encodeURIComponent(request.storeId)}`);
  url.search = new URLSearchParams(request.query).toString();
  let last: { status: number | null; responseBody: string } = { status: null, responseBody: '' };
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, signal: options.signal };
      if (request.method === 'POST') init.body = request.body;
      const response = await fetch(url, init);
      last = { status: response.status, responseBody: (await response.text()).slice(0, 2000) };
      if (response.status < 500) return { ...last, attempts: attempt };
    } catch (error) {
      if (options.signal.aborted) return { ...last, attempts: attempt };
      last = { status: null, responseBody: error instanceof Error ? error.message : String(error) };
    }
    if (attempt < options.attempts) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.retryBaseMs * 2 ** (attempt - 1));
        options.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  return { ...last, attempts: options.attempts };
}
