import { z } from 'zod';

/** Filters of the live stream; with none, every new event is sent. */
export const StreamQuery = z.strictObject({
  /** Only events of this stream, e.g. `item-01H…`. */
  streamId: z.string().min(1).max(200).optional(),
  /** Only events of this type, e.g. `RagChanged`. */
  type: z.string().min(1).max(100).optional(),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

/** `Last-Event-ID`: the position of the last event the client received; resume after it. */
export const StreamHeaders = z.object({
  'last-event-id': z
    .string()
    .regex(/^\d{1,15}$/, 'must be an event position')
    .optional(),
});

export const Ticket = z.strictObject({
  /** When the ticket (and its cookie) stops working; ask again after that. */
  expiresAt: z.iso.datetime(),
});

/** The body of the live stream: SSE frames (`id`, `event`, `data` lines), as text. */
export const SseBody = z.string();
