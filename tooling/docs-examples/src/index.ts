export type { DocExample } from './extract-examples.js';
export { extractExamples } from './extract-examples.js';
