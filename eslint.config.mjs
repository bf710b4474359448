import js from "@eslint/js";
import tseslint from "typescript-eslint";

const deepProviderImports = {
  name: "@cdktf/provider-aws",
  message:
    "Import provider classes by deep path (@cdktf/provider-aws/lib/<resource>): the root costs ~3 s and ~540 MB.",
};

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "coverage/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": ["error", { paths: [deepProviderImports] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The synth launcher is plain CommonJS so that node runs it without a transpiler.
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        __filename: "readonly",
        process: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Modules are reusable constructs: they take typed props, never read config files, and ship
    // nothing from lambdas/ (a stack hands them what they run).
    files: ["modules/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [deepProviderImports],
          patterns: [
            {
              group: ["**/config", "**/config/**", "**/lambdas", "**/lambdas/**"],
              message: "modules/ never import from config/ or lambdas/: take a typed prop instead.",
            },
          ],
        },
      ],
    },
  },
);
