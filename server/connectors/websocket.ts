import WebSocket from 'ws';
import type { RawData } from 'ws';

/**
 * What the message-service clients (Taobao/Tmall TMC, Pinduoduo PMC) share about their
 * WebSocket: reading a frame as text, and closing without letting a silent peer hang shutdown.
 */
export function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Closes politely; a peer that never answers the close handshake is cut after 2 s. */
export async function closeSocket(ws: WebSocket | null): Promise<void> {
  if (!ws || ws.readyState === WebSocket.CLOSED) return;
  await new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000, 'huixin closing');
    setTimeout(() => {
      ws.terminate();
      resolve();
    }, 2000).unref();
  });
}
