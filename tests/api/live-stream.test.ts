import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/** Reads SSE frames from a fetch body until `count` events arrived (or the timeout). */
async function readFrames(body: ReadableStream<Uint8Array>, count: number, timeoutMs = 5000) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const frames: { id: string; event: string; data: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (frames.length < count && Date.now() < deadline) {
    const { value, done } = await Promise.race([
      reader.read(),
      new Promise<{ value: undefined; done: true }>((r) =>
        setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now()),
      ),
    ]);
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const id = field('id');
      if (id !== undefined) frames.push({ id, event: field('event') ?? '', data: field('data') ?? '' });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return frames;
}

describe('live stream (SSE)', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  let base: string;

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
    base = await ledger.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => ledger.close());

  const update = (text: string) =>
    post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/updates`, {
      text,
      effectiveOn: '2011-03-01',
    });

  it('sends new events as they are appended, and resumes after Last-Event-ID', async () => {
    // Given a dashboard connected with a viewer key
    const auth = { authorization: `Bearer ${ledger.tokens.viewer}` };
    const first = await fetch(`${base}/stream`, { headers: auth });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    // When an update is posted
    const posted = await update('live one');
    expect(posted.statusCode).toBe(201);
    // Then it arrives with its position as the frame id
    const [frame] = await readFrames(first.body!, 1);
    expect(frame?.event).toBe('UpdatePosted');
    expect(JSON.parse(frame?.data ?? '{}')).toMatchObject({ data: { text: 'live one' } });
    const lastSeen = Number(frame?.id);
    // When two more are appended while the dashboard is away, and it reconnects with Last-Event-ID
    await update('missed one');
    await update('missed two');
    const again = await fetch(`${base}/stream`, { headers: { ...auth, 'last-event-id': String(lastSeen) } });
    const frames = await readFrames(again.body!, 2);
    // Then it gets exactly the missed events, in order
    expect(frames.map((f) => JSON.parse(f.data).data.text)).toEqual(['missed one', 'missed two']);
    expect(frames.map((f) => Number(f.id))).toEqual([lastSeen + 1, lastSeen + 2]);
  });

  it('accepts a browser ticket cookie instead of a key header, never a key in the URL', async () => {
    // A key in the query string is not a credential (and an unknown query key is refused first)
    const inUrl = await fetch(`${base}/stream?key=${ledger.tokens.viewer}`);
    expect(inUrl.status).toBe(401);
    // Given a ticket obtained with a key
    const ticket = await fetch(`${base}/stream/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ledger.tokens.viewer}` },
    });
    expect(ticket.status).toBe(201);
    const cookie = ticket.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // When the stream is opened with only the cookie
    const stream = await fetch(`${base}/stream`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    // Then it is accepted
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    // And a made-up ticket is refused
    const forged = await fetch(`${base}/stream`, { headers: { cookie: 'ledger_sse_ticket=forged' } });
    expect(forged.status).toBe(401);
  });
});
