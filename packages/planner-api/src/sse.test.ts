import { describe, expect, it } from 'vitest';
import { readSse } from './sse.ts';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('readSse', () => {
  it('joins messages split across chunks, skips comments and keeps event names and ids', async () => {
    const stream = streamOf([
      'event: status\ndata: {"a"',
      ':1}\nid: 0\n\n: keep-alive\n\nda',
      'ta: two\r\ndata: lines\r\n\n',
    ]);
    const messages = [];
    for await (const m of readSse(stream)) messages.push(m);
    expect(messages).toEqual([
      { event: 'status', data: '{"a":1}', id: '0' },
      { event: 'message', data: 'two\nlines' },
    ]);
  });

  it('yields a last message that has no blank line after it', async () => {
    const messages = [];
    for await (const m of readSse(streamOf(['data: end']))) messages.push(m);
    expect(messages).toEqual([{ event: 'message', data: 'end' }]);
  });
});
