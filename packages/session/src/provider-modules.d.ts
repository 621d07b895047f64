// The provider packages are optional peers of this one, loaded lazily by name. They depend on this
// package for their tests, so this package cannot depend on them to build: these declarations give the
// registry's literal imports their one shape (the package exports a ProviderFactory) without that edge.
declare module '@provider/openai' {
  export const createOpenAIAdapter: import('@core/types').ProviderFactory;
}
declare module '@provider/anthropic' {
  export const createAnthropicAdapter: import('@core/types').ProviderFactory;
}
declare module '@provider/ollama' {
  export const createOllamaAdapter: import('@core/types').ProviderFactory;
}
declare module '@provider/openai-compatible' {
  export const createOpenAICompatibleAdapter: import('@core/types').ProviderFactory;
  export const createLmStudioAdapter: import('@core/types').ProviderFactory;
  export const createVllmAdapter: import('@core/types').ProviderFactory;
  export const createOpenRouterAdapter: import('@core/types').ProviderFactory;
}
declare module '@local/onnx' {
  export const createOnnxAdapter: import('@core/types').ProviderFactory;
}
