import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Errors Node's HTTP parser raises before fastify sees a request (headers too large, a
 * malformed request line): answered as problem+json like every other error, instead of
 * fastify's plain JSON, then the connection is closed as Node does.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large (16 KiB at most); send a shorter request.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive; send it again.']
        : [400, 'The request is not valid HTTP; check the client that sent it.'];
  const code = status === 431 ? 'HeaderTooLarge' : status === 408 ? 'RequestTimeout' : 'BadRequest';
  const body = JSON.stringify({
    type: `https://plan-ledger.dev/problems/${code}`,
    title: STATUS_CODES[status] ?? 'Bad Request',
    status,
    detail,
    code,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/problem+json\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
