/**
 * `@fib/models/testing`: a local stand-in for an OpenAI-compatible server, for tests — fib's and
 * yours (check a pipeline end to end without a model). Not part of the main entry point.
 */
export { type MockBehaviour, type MockServer, startMockOpenAI } from "./_internal/mockOpenAIServer.js";
