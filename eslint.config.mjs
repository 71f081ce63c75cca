// Lint rules of the project. The layering the README describes is held here where an import rule
// can say it (server/shared imports nothing; the browser reaches the server only through shared
// modules and types); server/architecture.test.ts keeps what a linter cannot see.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const SERVER_FROM_APP = {
  regex: "^@/server/(?!shared/)|^(\\.\\./)+server/",
  allowTypeImports: true,
  message: "Browser code reaches the server through server/shared, types and the tRPC client only.",
};

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "dist/**",
      "node_modules/**",
      "server/generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      ".scratch/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-control-regex": "off",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "no-restricted-imports": ["error", { patterns: [SERVER_FROM_APP] }],
    },
  },
  {
    // Route files render on the server: they may also call procedures through the RSC caller.
    files: ["app/**/{page,layout,not-found}.tsx", "app/**/route.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ ...SERVER_FROM_APP, regex: "^@/server/(?!shared/|trpc/server-caller$)|^(\\.\\./)+server/" }] },
      ],
    },
  },
  {
    files: ["server/shared/**/*.ts"],
    ignores: ["server/shared/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?!zod$|\\./).*", message: "server/shared is used by both sides: it imports only zod and itself." }] },
      ],
    },
  },
  prettier,
);
