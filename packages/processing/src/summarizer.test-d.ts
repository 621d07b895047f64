import type { LLM } from '@core/types';
import { describe, expectTypeOf, it } from 'vitest';
import { Summarizer, type SummaryResult } from './summarizer.js';
import type { SummaryProgress } from './summary-progress.js';
import type { SummaryLength, SummaryStyle } from './summary-styles.js';

declare const llm: LLM;

describe('Summarizer types', () => {
  it('resolves to a SummaryResult from text or a path', () => {
    const summarizer = new Summarizer(llm);
    expectTypeOf(summarizer.summarize('text')).resolves.toEqualTypeOf<SummaryResult>();
    expectTypeOf(
      summarizer.summarize({ path: 'report.pdf' }, { style: 'executive', length: 'brief' }),
    ).resolves.toEqualTypeOf<SummaryResult>();
    expectTypeOf<SummaryResult['keyPoints']>().toEqualTypeOf<string[]>();
  });

  it('takes only the known styles and lengths, and reports progress as counts', () => {
    expectTypeOf<SummaryStyle>().toEqualTypeOf<
      'structured' | 'narrative' | 'objective' | 'analytical' | 'executive' | 'conversational'
    >();
    expectTypeOf<SummaryLength>().toEqualTypeOf<'brief' | 'standard' | 'detailed' | 'comprehensive'>();
    expectTypeOf<SummaryProgress>().toEqualTypeOf<{ completed: number; total: number }>();
  });
});
