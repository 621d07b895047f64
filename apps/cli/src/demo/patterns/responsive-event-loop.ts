import { monitorEventLoopDelay } from 'node:perf_hooks';
import ora from 'ora';
import { formatDuration } from '../../terminal.js';
import type { DemoPattern } from '../demo-pattern.js';

/**
 * The event loop stays free while the model generates: a spinner keeps turning and the loop's delay is
 * measured. A local model runs on a worker thread, so the main thread only receives tokens.
 */
export const responsiveEventLoop: DemoPattern = {
  name: 'event-loop',
  title: 'The event loop stays responsive',
  shows: 'A spinner turns while the model writes; the event loop delay is measured throughout.',
  async run({ llm, terminal, maxTokens, prepared }) {
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 10);
    const spinner = ora({
      text: 'generating…',
      isEnabled: terminal.interactive,
      stream: process.stdout,
    }).start();
    histogram.enable();
    const started = performance.now();
    // Long enough that a single garbage-collection pause does not stand for the whole run.
    const response = await llm.agenerate('Once upon a time', {
      maxTokens: Math.max(256, maxTokens * 4),
      temperature: 0,
    });
    const elapsed = performance.now() - started;
    histogram.disable();
    clearInterval(ticker);
    spinner.stop();
    const p50 = histogram.percentile(50) / 1e6;
    const p99 = histogram.percentile(99) / 1e6;
    const longest = histogram.max / 1e6;
    terminal.line(
      `  ${response.usage.outputTokens ?? '?'} tokens in ${formatDuration(elapsed)}; a 10 ms timer fired ${ticks} times (${Math.round(elapsed / 10)} expected)`,
    );
    terminal.line(
      `  event loop delay p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, longest ${longest.toFixed(1)} ms`,
    );
    if (prepared.choice.provider === 'onnx') {
      terminal.line(
        terminal.colors.dim('  Inference ran on a worker thread: the main thread only received tokens.'),
      );
    }
    return undefined;
  },
};
