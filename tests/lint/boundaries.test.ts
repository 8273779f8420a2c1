import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The boundary rules in eslint.config.mjs, run through ESLint's own API on snippets placed (by file
// path only, nothing is written) in each folder. If a config change stops a rule from firing, the
// "rejects" cases fail here instead of the boundary silently disappearing.

const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === "import/no-restricted-paths" || message.ruleId === "no-restricted-imports")
    .map((message) => `${message.ruleId}: ${message.message}`);
}

describe("import boundaries", () => {
  it.each([
    ["browser code importing a server module", "lib/client/probe.ts", 'export { env } from "@/lib/env";\n'],
    ["browser code importing a server module by a relative path", "lib/client/probe.ts", 'export { pool } from "../db/client";\n'],
    ["a component importing task queries", "components/probe.tsx", 'export { listTasks } from "@/lib/tasks/queries";\n'],
    ["server code importing browser code", "lib/tasks/probe.ts", 'export { getToken } from "@/lib/client/token";\n'],
    ["a page importing browser code", "app/tasks/probe.tsx", 'export { getToken } from "@/lib/client/token";\n'],
    ["shared code importing a server module", "lib/shared/probe.ts", 'export { ApiError } from "@/lib/api/errors";\n'],
    ["shared code importing browser code", "lib/shared/probe.ts", 'export { tasksApi } from "@/lib/client/tasks-api";\n'],
    ["lib importing a component", "lib/api/probe.ts", 'export { Providers } from "@/components/providers";\n'],
    ["browser code marked server-only", "lib/client/probe.ts", 'import "server-only";\nexport {};\n'],
    ["server code marked client-only", "lib/db/probe.ts", 'import "client-only";\nexport {};\n'],
    ["shared code marked either way", "lib/shared/probe.ts", 'import "client-only";\nexport {};\n'],
  ])("rejects %s", async (_case, file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ["browser code importing shared code", "lib/client/probe.ts", 'export { listPath } from "@/lib/shared/task-list";\n'],
    ["server code importing shared code", "lib/tasks/probe.ts", 'export { describeDue } from "@/lib/shared/due";\n'],
    ["a page importing a component and shared code", "app/tasks/probe.tsx", 'export { AppHeader } from "@/components/app-header";\nexport { TOKEN_URL } from "@/lib/shared/api-paths";\n'],
    ["a component importing browser code", "components/probe.tsx", 'export { getToken } from "@/lib/client/token";\n'],
  ])("allows %s", async (_case, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
