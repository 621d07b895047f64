// Types for the provider packages that are optional peers of this one and not built in this workspace yet.
// TODO(issue 4, issue 6): drop each declaration when its package lands and becomes a devDependency.
declare module '@provider/openai' {
  export const createOpenAIAdapter: import('@core/types').ProviderFactory;
}
declare module '@provider/anthropic' {
  export const createAnthropicAdapter: import('@core/types').ProviderFactory;
}
declare module '@provider/ollama' {
  export const createOllamaAdapter: import('@core/types').ProviderFactory;
}
declare module '@local/onnx' {
  export const createOnnxAdapter: import('@core/types').ProviderFactory;
}
