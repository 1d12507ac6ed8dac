import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/ipc/bindings.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@tauri-apps/*"],
              message: "Only ui/src/ipc/ talks to Tauri; import from the ipc module instead.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/ipc/**", "src/**/*.test.tsx", "src/**/*.test.ts", "src/test-setup.ts", "src/test-backend.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
