// Stand-in for the `client-only` package under Vitest (see vitest.config.ts).
export {};
