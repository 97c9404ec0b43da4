// Bundles the client (src/client.ts with openapi-fetch) into one ES module the api jar serves to the browser clients,
// which are plain modules without a build step. With --check it only says whether the committed bundle is current.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const target = "../../api/src/main/resources/static/clients/lib/livechat-client.js";
const check = process.argv.includes("--check");
const result = await build({
  entryPoints: ["src/client.ts"],
  bundle: true,
  format: "esm",
  minify: true,
  legalComments: "none",
  banner: { js: "/* The livechat TypeScript client (clients/typescript), made by `npm run bundle`. It includes openapi-fetch,"
      + " MIT License, Copyright (c) 2023 Drew Powers: see openapi-fetch.LICENSE beside this file. */" },
  write: !check,
  outfile: target,
});
if (check) {
  const fresh = new TextDecoder().decode(result.outputFiles[0].contents);
  if (fresh !== readFileSync(target, "utf8")) {
    console.error(`${target} is not what \`npm run bundle\` makes from src/client.ts: run it and commit the result`);
    process.exit(1);
  }
}
