/**
 * A typed client of the livechat HTTP API: paths, bodies, answers and refusals come from src/schema.d.ts, which
 * `npm run generate` makes from openapi.json (the server's /v3/api-docs). A refusal's `error` is the operation's
 * problem document, whose `rule` is one of the rules that operation documents.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths };
export type Problem = components["schemas"]["Problem"];
export type LivechatClient = Client<paths>;

/** A client of the server at `baseUrl`; `token()` gives the access token each call carries, if any. */
export function livechatClient(baseUrl: string, token?: () => string | undefined): LivechatClient {
  const client = createClient<paths>({ baseUrl });
  if (token) {
    const bearer: Middleware = {
      onRequest({ request }) {
        const value = token();
        if (value) {
          request.headers.set("Authorization", `Bearer ${value}`);
        }
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
