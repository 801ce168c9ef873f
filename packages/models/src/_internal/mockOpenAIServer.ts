import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for an OpenAI-compatible server on 127.0.0.1, for tests (fib's own, and
 * yours: check a pipeline end to end without a model): it answers with the
 * real chat / completions response shapes (logprobs included), and can be told to fail in
 * the ways real servers do. It answers "Yes" when the prompt mentions "taller", else "No".
 */
export interface MockBehaviour {
  /** spelling of the yes / no tokens in logprobs: " Yes", "Yes", "ĠYes", "▁Yes", "yes" … */
  yesToken?: string;
  noToken?: string;
  /** omit yes/no from top logprobs (forces the text fallback) */
  hideYesNo?: boolean;
  /** text the model "says" (default "Yes" / "No") */
  text?: (yes: boolean) => string;
  /** reply 429 with this Retry-After to the first n completion requests */
  rateLimitFirst?: { n: number; retryAfter: string };
  /** reply 500 to the first n completion requests */
  errorFirst?: number;
  /** wait this long before answering completions */
  delayMs?: number;
  /** answer 200 with a body that is not JSON */
  malformed?: boolean;
  /** answer completions 401 with the request's Authorization header in the body (a server that echoes the key) */
  echoAuth401?: boolean;
  /** the model ids /v1/models lists (default ["mock-model"]); completions answer whatever model is asked */
  serves?: string[];
  /** list the request's Authorization header as a served model on /v1/models (a server that echoes the key where fib prints the list) */
  echoAuthModels?: boolean;
  /** put the request's Authorization header in every answer's text (a server that echoes the key into what fib caches) */
  echoAuthText?: boolean;
  /** after answering this many completion requests, drop every connection and stop listening (a server that died) */
  dieAfter?: number;
}

export interface MockServer {
  url: string;
  /** completion requests received (chat + completions) */
  requests: number;
  authHeaders: string[];
  behaviour: MockBehaviour;
  close(): Promise<void>;
}

function chatBody(yes: boolean, b: MockBehaviour) {
  const text = b.text?.(yes) ?? (yes ? "Yes" : "No");
  const y = b.yesToken ?? "Yes";
  const n = b.noToken ?? "No";
  const top = b.hideYesNo
    ? [
        { token: "Maybe", logprob: -0.2, bytes: [77] },
        { token: "The", logprob: -1.9, bytes: [84] },
      ]
    : [
        { token: yes ? y : n, logprob: -0.05, bytes: [] },
        { token: yes ? n : y, logprob: -3.1, bytes: [] },
      ];
  return {
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "mock-model",
    choices: [{ index: 0, message: { role: "assistant", content: text }, logprobs: { content: [{ token: text, logprob: -0.05, bytes: [], top_logprobs: top }] }, finish_reason: "stop" }],
    usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
  };
}

function completionBody(yes: boolean, b: MockBehaviour) {
  const text = b.text?.(yes) ?? (yes ? " Yes" : " No");
  const y = b.yesToken ?? " Yes";
  const n = b.noToken ?? " No";
  const top: Record<string, number> = b.hideYesNo ? { " Maybe": -0.2, " The": -1.9 } : { [yes ? y : n]: -0.05, [yes ? n : y]: -3.1 };
  return {
    id: "cmpl-mock",
    object: "text_completion",
    created: 1_700_000_000,
    model: "mock-model",
    choices: [{ index: 0, text, logprobs: { tokens: [text], token_logprobs: [-0.05], top_logprobs: [top], text_offset: [0] }, finish_reason: "length" }],
    usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
  };
}

/** GET /v1/models: the served ids (with `echoAuthModels`, one that echoes the credentials, and another model). */
function modelList(b: MockBehaviour, authorization: string | undefined): string {
  const echoed = b.echoAuthModels ? [{ id: `echo ${authorization ?? ""}`, object: "model" }] : [];
  const served = echoed.length ? ["another-model"] : (b.serves ?? ["mock-model"]);
  return JSON.stringify({ object: "list", data: [...echoed, ...served.map((id) => ({ id, object: "model" }))] });
}

export async function startMockOpenAI(behaviour: MockBehaviour = {}, opts: { port?: number } = {}): Promise<MockServer> {
  const state = { requests: 0, authHeaders: [] as string[], behaviour };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.headers.authorization) state.authHeaders.push(req.headers.authorization);
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(body);
      };
      if (req.method === "GET" && req.url === "/v1/models") return send(200, modelList(state.behaviour, req.headers.authorization));
      const chat = req.url === "/v1/chat/completions";
      if (req.method !== "POST" || (!chat && req.url !== "/v1/completions")) return send(404, JSON.stringify({ error: { message: "not found" } }));
      const b = state.behaviour;
      if (b.dieAfter !== undefined && state.requests >= b.dieAfter) {
        req.socket.destroy();
        server.close();
        server.closeAllConnections();
        return;
      }
      state.requests++;
      const n = state.requests;
      if (b.rateLimitFirst && n <= b.rateLimitFirst.n) return send(429, JSON.stringify({ error: { message: "rate limited" } }), { "retry-after": b.rateLimitFirst.retryAfter });
      if (b.errorFirst && n <= b.errorFirst) return send(500, JSON.stringify({ error: { message: "boom" } }));
      if (b.echoAuth401) return send(401, JSON.stringify({ error: { message: `invalid credentials: ${req.headers.authorization ?? "(none)"}` } }));
      const body = JSON.parse(raw || "{}") as { prompt?: string; messages?: { content: string }[] };
      const prompt = body.prompt ?? body.messages?.map((m) => m.content).join("\n") ?? "";
      const yes = /taller/.test(prompt);
      const echo = b.echoAuthText ? { ...b, text: (y: boolean) => `${y ? "Yes" : "No"} (${req.headers.authorization ?? ""})` } : b;
      const reply = () =>
        b.malformed ? send(200, `{not json ${b.echoAuthText ? (req.headers.authorization ?? "") : ""}`) : send(200, JSON.stringify(chat ? chatBody(yes, echo) : completionBody(yes, echo)));
      if (b.delayMs) setTimeout(reply, b.delayMs);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    authHeaders: state.authHeaders,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b: MockBehaviour) {
      state.behaviour = b;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        if (!server.listening) return r();
        server.close(() => r());
      }),
  } as MockServer;
}
