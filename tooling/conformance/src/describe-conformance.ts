import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConformanceTarget } from './conformance-target.js';
import { describeAdapterCases } from './describe-adapter-cases.js';
import { describeErrorCases } from './describe-error-cases.js';
import { describeFaultCases } from './describe-fault-cases.js';
import { describeFidelityCases } from './describe-fidelity-cases.js';
import { describeFixtureCases } from './describe-fixture-cases.js';
import { describeLoopCases } from './describe-loop-cases.js';
import { describeResourceCases } from './describe-resource-cases.js';
import { describeTextCases } from './describe-text-cases.js';
import { describeToolCases } from './describe-tool-cases.js';
import { createSuiteContext } from './suite-context.js';

/**
 * Registers the conformance suite for one provider: every behaviour users rely on, over real sockets
 * against mock-llm, plus the provider's recorded transcripts. Call it from a provider's test file.
 */
export function describeConformance(target: ConformanceTarget): void {
  let mock: MockLlm | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  const context = createSuiteContext(target, () => {
    if (mock === undefined) throw new Error('the mock server has not started');
    return mock;
  });

  describe(`conformance: ${target.provider}`, () => {
    beforeAll(async () => {
      process.on('unhandledRejection', onUnhandled);
      mock = await startMockLlm();
    });
    beforeEach(() => {
      mock?.reset();
      mock?.setDefault({ latency: {} });
    });
    afterAll(async () => {
      await context.closeAll();
      await mock?.close();
      process.off('unhandledRejection', onUnhandled);
    });

    describeTextCases(context);
    describeToolCases(context);
    describeLoopCases(context);
    describeErrorCases(context);
    describeFaultCases(context);
    describeResourceCases(context);
    describeFixtureCases(context);
    describeFidelityCases(context);
    describeAdapterCases(context);

    it('left no unhandled rejection behind', async () => {
      // Give rejections from closed streams a turn of the event loop to surface.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    });
  });
}
