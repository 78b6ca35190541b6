// A small reader for server-sent events from a fetch body: the planner's job events come this way.

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * Splits a text/event-stream into messages (blank-line separated, `data:` lines joined by newlines).
 * @example for await (const m of readSse(res.body!)) console.log(m.event, JSON.parse(m.data));
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let current: { event?: string; data: string[]; id?: string } = { data: [] };
  const flush = (): SseMessage | undefined => {
    const message =
      current.data.length > 0
        ? {
            event: current.event ?? 'message',
            data: current.data.join('\n'),
            ...(current.id ? { id: current.id } : {}),
          }
        : undefined;
    current = { data: [] };
    return message;
  };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.search(/\r?\n/);
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
      if (line === '') {
        const message = flush();
        if (message) yield message;
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') current.data.push(value);
        else if (field === 'event') current.event = value;
        else if (field === 'id') current.id = value;
      }
      newline = buffer.search(/\r?\n/);
    }
  }
  const last = flush();
  if (last) yield last;
}
