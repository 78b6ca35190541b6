// A small reader for server-sent events from a fetch body: the planner's job events come this way
// (GET /v1/jobs/{id}/events).

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
  const take = (line: string): SseMessage | undefined => {
    if (line === '') return flush();
    if (line.startsWith(':')) return undefined; // a comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') current.data.push(value);
    else if (field === 'event') current.event = value;
    else if (field === 'id') current.id = value;
    return undefined;
  };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.search(/\r?\n/);
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
      const message = take(line);
      if (message) yield message;
      newline = buffer.search(/\r?\n/);
    }
  }
  // A stream cut without its final blank line still delivers what it carried.
  if (buffer !== '') take(buffer);
  const last = flush();
  if (last) yield last;
}
