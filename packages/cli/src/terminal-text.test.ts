import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createOutput } from './output.ts';
import { forTerminal } from './terminal-text.ts';

describe('text for a terminal', () => {
  it('shows control sequences from org data instead of obeying them', () => {
    const name = 'EVIL \u001b]0;owned\u0007\u001b[2J\rNUL\u0000 \u202egnp.exe \u0085';
    expect(forTerminal(name)).toBe('EVIL \\x1b]0;owned\\x07\\x1b[2J\\x0dNUL\\x00 \\u202egnp.exe \\x85');
  });

  it('keeps ordinary text, tabs, line feeds and non-Latin scripts as they are', () => {
    const text = 'Globex — Café\tÜber 東京 😀\nnext line';
    expect(forTerminal(text)).toBe(text);
  });

  test.prop([fc.string({ unit: 'binary' })])('leaves no control character but tab and line feed', (text) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(forTerminal(text)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('applies to lines for people, never to JSON output', () => {
    let human = '';
    createOutput({}, (s) => {
      human += s;
      return true;
    }).line('A\u001b[2JB');
    expect(human).toBe('A\\x1b[2JB\n');
    let json = '';
    createOutput({ json: true }, (s) => {
      json += s;
      return true;
    }).result({ name: 'A\u001b[2JB' }, () => {});
    expect(JSON.parse(json)).toEqual({ name: 'A\u001b[2JB' });
  });
});
