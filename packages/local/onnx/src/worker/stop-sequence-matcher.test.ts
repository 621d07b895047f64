import { describe, expect, it } from 'vitest';
import { createStopSequenceMatcher } from './stop-sequence-matcher.js';

function run(stops: string[], pieces: string[]): { text: string; stopped: boolean } {
  const matcher = createStopSequenceMatcher(stops);
  const out: string[] = [];
  for (const piece of pieces) {
    const match = matcher.push(piece);
    out.push(match.text);
    if (match.stopped) return { text: out.join(''), stopped: true };
  }
  out.push(matcher.flush());
  return { text: out.join(''), stopped: false };
}

describe('createStopSequenceMatcher', () => {
  it('passes text through untouched without stop sequences', () => {
    expect(run([], ['a', 'bc', ''])).toEqual({ text: 'abc', stopped: false });
  });

  it('cuts before a stop sequence inside one piece', () => {
    expect(run(['END'], ['one END two'])).toEqual({ text: 'one ', stopped: true });
  });

  it('finds a stop sequence split over 1-character pieces', () => {
    expect(run(['###'], [...'ab#c##d###e'])).toEqual({ text: 'ab#c##d', stopped: true });
  });

  it('holds back only a tail that could begin a stop sequence', () => {
    const matcher = createStopSequenceMatcher(['STOP']);
    expect(matcher.push('a S')).toEqual({ text: 'a ', stopped: false });
    expect(matcher.push('T')).toEqual({ text: '', stopped: false });
    expect(matcher.push('x')).toEqual({ text: 'STx', stopped: false });
    expect(matcher.flush()).toBe('');
  });

  it('stops at the earliest of several stop sequences', () => {
    expect(run(['world', 'lo w'], ['hel', 'lo world'])).toEqual({ text: 'hel', stopped: true });
  });

  it('gives back a held tail at the end when the stop never completed', () => {
    expect(run(['\n\n'], ['line\n'])).toEqual({ text: 'line\n', stopped: false });
  });

  it('handles multi-byte characters as whole code units', () => {
    expect(run(['日本'], ['今日', 'は日', '本'])).toEqual({ text: '今日は', stopped: true });
  });
});
