/**
 * Drives a running server through the generated client: a visitor's session, a conversation started, a message
 * sent, a message after the close refused with a typed 409, and the transcript read. Exits 0 when every answer is
 * the one expected; `OpenApiContractTest`'s sibling TypeScriptClientTest runs it against a test server.
 */
import { livechatClient, type components } from "./client.js";

declare const process: { argv: string[]; exit(code: number): never };

function expect(condition: unknown, what: string): asserts condition {
  if (!condition) {
    console.error(`typescript client: ${what}`);
    process.exit(1);
  }
}

const baseUrl = process.argv[2];
expect(baseUrl, "usage: node dist/smoke.js <base URL>");

let accessToken: string | undefined;
const api = livechatClient(baseUrl, () => accessToken);

const session = await api.POST("/api/visitor-sessions", { body: {} });
expect(session.data?.accessToken, `visitor session: ${session.response.status}`);
accessToken = session.data.accessToken;

const started = await api.POST("/api/conversations", { body: { topic: "Typed client" } });
expect(started.response.status === 201 && started.data, `start: ${started.response.status}`);
const conversationId: string = started.data.conversationId;
const path = { conversationId };

const sent = await api.POST("/api/conversations/{conversationId}/messages", {
  params: { path },
  body: { clientMessageId: "ts-1", text: "Hello from TypeScript" },
});
expect(sent.response.status === 201 && sent.data, `send: ${sent.response.status}`);
const sequence: number = sent.data.sequence;

const closed = await api.POST("/api/conversations/{conversationId}/close", { params: { path }, body: {} });
expect(closed.response.status === 200, `close: ${closed.response.status}`);

const refused = await api.POST("/api/conversations/{conversationId}/messages", {
  params: { path },
  body: { clientMessageId: "ts-2", text: "After the close" },
});
// Compiles only while the refusal is typed: the rule is one the operation documents, not `never`.
const documented: NonNullable<typeof refused.error>["rule"] = "conversation-open";
expect(refused.response.status === 409 && refused.error, `refusal: ${refused.response.status}`);
expect(refused.error.rule === documented && refused.error.status === 409,
  `refusal's rule: ${JSON.stringify(refused.error)}`);

let messages: components["schemas"]["TranscriptMessage"][] = [];
for (let attempt = 0; attempt < 100 && messages.length === 0; attempt++) {
  const transcript = await api.GET("/api/conversations/{conversationId}/transcript", { params: { path } });
  expect(transcript.data, `transcript: ${transcript.response.status}`);
  messages = transcript.data.messages ?? [];
  if (messages.length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
expect(messages.length === 1 && messages[0].sequence === sequence && messages[0].text === "Hello from TypeScript",
  `transcript's messages: ${JSON.stringify(messages)}`);

console.log(`typescript client: started ${conversationId}, sent ${sequence}, refused ${refused.error.rule}, `
  + "read the transcript");
